/**
 * DingTalk HTTP event subscription codec (docs/dingtalk.md §8). Same cipher as WeCom
 * (`@wecom/crypto`: AES-256-CBC, 32-byte PKCS#7, sha1 signature); JSON instead of XML, and the
 * owner key is the AppKey (console subscription) or CorpId (API registration).
 */
import { createHash, randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { AppError } from '../../src/errors.js';

export interface DingtalkCallbackConfig {
  token: string;
  /** 43-char EncodingAESKey. */
  aesKey: string;
  /** The id expected after the message inside the ciphertext. */
  ownerKey: string;
}

/** `dingtalkCode` follows the reference libraries (900005 signature, 900010 owner key, 900001+ others). */
export type DingtalkCallbackErrorReason = 'bad_signature' | 'wrong_receiver' | 'malformed';

export class DingtalkCallbackError extends AppError {
  readonly reason: DingtalkCallbackErrorReason;
  readonly dingtalkCode: number;
  constructor(reason: DingtalkCallbackErrorReason, message: string, options?: ErrorOptions) {
    // Wrong owner key is an authentication failure for us (someone else's subscription): 401.
    super(reason === 'malformed' ? 'bad_request' : 'bad_signature', message, { reason }, options);
    this.name = 'DingtalkCallbackError';
    this.reason = reason;
    this.dingtalkCode = reason === 'bad_signature' ? 900005 : reason === 'wrong_receiver' ? 900010 : 900003;
  }
}

export interface DingtalkEvent {
  /** Dedupe key: `eventId` when present, else EventType + hash of the plaintext (§8.4). */
  eventKey: string;
  eventType: string;
  /** The decrypted event object; legacy `DataList` is also exposed as `dataList`. */
  fields: Record<string, unknown>;
}

/** The encrypted acknowledgement the vendor requires (note the mixed spelling, §8.3). */
export interface DingtalkAck {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

export interface DingtalkPush {
  query: { signature: string; timestamp: string; nonce: string };
  body: { encrypt: string };
}

function firstString(q: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = q[n];
    if (typeof v === 'string' && v !== '') return v;
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  }
  return undefined;
}

function safeDecrypt(aesKey: string, cipherText: string): { message: string; id: string } {
  let out: { message: string; id: string };
  try {
    out = decrypt(aesKey, cipherText);
  } catch (err) {
    throw new DingtalkCallbackError('malformed', 'ciphertext does not decrypt', { cause: err });
  }
  return out;
}

/** Verify, decrypt and parse one pushed event. `query` accepts both `signature`/`msg_signature` and `timestamp`/`timeStamp`. */
export function decodeCallback(cfg: DingtalkCallbackConfig, query: Record<string, unknown>, body: unknown): DingtalkEvent {
  const signature = firstString(query, 'signature', 'msg_signature');
  const timestamp = firstString(query, 'timestamp', 'timeStamp');
  const nonce = firstString(query, 'nonce');
  const cipherText = body && typeof body === 'object' ? (body as Record<string, unknown>)['encrypt'] : undefined;
  if (!signature || !timestamp || !nonce) throw new DingtalkCallbackError('malformed', 'signature, timestamp and nonce are required');
  if (typeof cipherText !== 'string' || cipherText === '') throw new DingtalkCallbackError('malformed', 'body.encrypt is required');
  if (getSignature(cfg.token, timestamp, nonce, cipherText) !== signature.toLowerCase()) {
    throw new DingtalkCallbackError('bad_signature', 'signature does not verify');
  }
  const { message, id } = safeDecrypt(cfg.aesKey, cipherText);
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch (err) {
    // A corrupted ciphertext also yields a garbage owner key; report it as malformed, not foreign.
    throw new DingtalkCallbackError('malformed', 'the decrypted event is not JSON', { cause: err });
  }
  if (id !== cfg.ownerKey) throw new DingtalkCallbackError('wrong_receiver', 'the event is addressed to another app or corp');
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DingtalkCallbackError('malformed', 'the event is not a JSON object');
  const fields = { ...(parsed as Record<string, unknown>) };
  const eventType = fields['EventType'];
  if (typeof eventType !== 'string' || eventType === '') throw new DingtalkCallbackError('malformed', 'EventType is missing');
  // Legacy registrations send `DataList`; current docs `dataList` (§8.5).
  if (fields['dataList'] === undefined && fields['DataList'] !== undefined) fields['dataList'] = fields['DataList'];
  const eventId = fields['eventId'];
  const eventKey =
    typeof eventId === 'string' && eventId !== ''
      ? eventId
      : `${eventType}:${createHash('sha1').update(message).digest('hex').slice(0, 24)}`;
  return { eventKey, eventType, fields };
}

function randomNonce(): string {
  return randomBytes(6).toString('hex');
}

/** The encrypted `success` answer; `now` is epoch ms (the Java reference uses ms). */
export function buildAck(cfg: DingtalkCallbackConfig, now: number, opts: { nonce?: string; random?: Buffer } = {}): DingtalkAck {
  const timeStamp = String(now);
  const nonce = opts.nonce ?? randomNonce();
  const enc = encrypt(cfg.aesKey, 'success', cfg.ownerKey, opts.random ?? randomBytes(16));
  return { msg_signature: getSignature(cfg.token, timeStamp, nonce, enc), timeStamp, nonce, encrypt: enc };
}

/** True when `ack` is a correctly signed and encrypted `success` for `cfg` (what DingTalk checks). */
export function isValidAck(cfg: DingtalkCallbackConfig, ack: unknown): boolean {
  if (!ack || typeof ack !== 'object') return false;
  const a = ack as Record<string, unknown>;
  const { msg_signature: sig, timeStamp, nonce, encrypt: enc } = a;
  if (typeof sig !== 'string' || typeof timeStamp !== 'string' || typeof nonce !== 'string' || typeof enc !== 'string') return false;
  if (getSignature(cfg.token, timeStamp, nonce, enc) !== sig) return false;
  try {
    const { message, id } = decrypt(cfg.aesKey, enc);
    return message === 'success' && id === cfg.ownerKey;
  } catch {
    return false;
  }
}

/** Encrypt and sign one event the way DingTalk pushes it (used by the sandbox and tests). */
export function encodeCallback(
  cfg: DingtalkCallbackConfig,
  event: Record<string, unknown>,
  now: number,
  opts: { nonce?: string; random?: Buffer } = {},
): DingtalkPush {
  const timestamp = String(now);
  const nonce = opts.nonce ?? randomNonce();
  const enc = encrypt(cfg.aesKey, JSON.stringify(event), cfg.ownerKey, opts.random ?? randomBytes(16));
  return { query: { signature: getSignature(cfg.token, timestamp, nonce, enc), timestamp, nonce }, body: { encrypt: enc } };
}
