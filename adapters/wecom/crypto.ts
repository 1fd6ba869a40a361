import { createHash, timingSafeEqual } from 'node:crypto';
import { decrypt as libDecrypt, encrypt as libEncrypt } from '@wecom/crypto';

/**
 * WeCom callback crypto (docs/wecom.md §7.4–7.5) over @wecom/crypto. The library already uses
 * 32-byte PKCS#7 with auto-padding off (§7.8), but it accepts any base64-ish key, ignores a bad pad
 * byte and silently truncates a lying msg_len; this wrapper validates the key and re-encrypts the
 * result with the recovered random prefix, so only a byte-exact, well-formed message is accepted.
 */

const KEY_RE = /^[A-Za-z0-9]{43}$/;

/** EncodingAESKey: exactly 43 characters of [A-Za-z0-9], decoding (with "=") to 32 bytes. */
export function isValidEncodingAesKey(key: string): boolean {
  return KEY_RE.test(key) && Buffer.from(`${key}=`, 'base64').length === 32;
}

/** lower_hex(SHA1(sorted(token, timestamp, nonce, encrypt).join(''))). */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

export function signatureMatches(expected: string, token: string, timestamp: string, nonce: string, encrypt: string): boolean {
  const actual = Buffer.from(signature(token, timestamp, nonce, encrypt), 'utf8');
  const given = Buffer.from(expected.toLowerCase(), 'utf8');
  return actual.length === given.length && timingSafeEqual(actual, given);
}

export type DecryptOutcome = { ok: true; message: string; receiveId: string } | { ok: false; detail: string };

export function decryptMessage(encodingAesKey: string, encrypt: string): DecryptOutcome {
  if (!isValidEncodingAesKey(encodingAesKey)) return { ok: false, detail: 'invalid EncodingAESKey' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) return { ok: false, detail: 'ciphertext is not base64' };
  const cipher = Buffer.from(encrypt, 'base64');
  if (cipher.length === 0 || cipher.length % 32 !== 0) return { ok: false, detail: 'ciphertext length is not a multiple of 32' };
  let out: { message: string; id: string; random: Buffer };
  try {
    out = libDecrypt(encodingAesKey, encrypt);
  } catch {
    return { ok: false, detail: 'aes decrypt failed' };
  }
  if (out.random.length !== 16) return { ok: false, detail: 'plaintext too short' };
  // Re-encrypting with the same random must reproduce the ciphertext exactly: this rejects bad
  // padding, a msg_len that overruns the buffer and non-UTF-8 text in one check.
  const again = Buffer.from(libEncrypt(encodingAesKey, out.message, out.id, out.random), 'base64');
  if (!again.equals(cipher)) return { ok: false, detail: 'plaintext layout or padding is invalid' };
  return { ok: true, message: out.message, receiveId: out.id };
}

/** Encrypts `message` for `receiveId`; `random` (16 bytes) is for reproducible tests and the seeded sandbox. */
export function encryptMessage(encodingAesKey: string, message: string, receiveId: string, random?: Buffer): string {
  if (!isValidEncodingAesKey(encodingAesKey)) throw new Error('invalid EncodingAESKey');
  if (random !== undefined && random.length !== 16) throw new Error('random prefix must be 16 bytes');
  return random === undefined ? libEncrypt(encodingAesKey, message, receiveId) : libEncrypt(encodingAesKey, message, receiveId, random);
}
