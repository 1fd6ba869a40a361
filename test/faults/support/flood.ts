import { randomBytes } from 'node:crypto';
import { encryptMessage, signature } from '../../../adapters/wecom/crypto.js';
import { BENCH_CALLBACKS, CALLBACK_PATHS, dingtalkCallback, wecomCallback, type PreparedRequest } from '../../../src/bench/load/callbackTraffic.js';

export type Kind = 'valid' | 'duplicate' | 'forged' | 'malformed' | 'doctype' | 'oversized';

/** The status each kind must be answered with. */
export const EXPECTED_STATUS: Record<Kind, number> = { valid: 200, duplicate: 200, forged: 401, malformed: 400, doctype: 400, oversized: 413 };

export interface FloodItem {
  kind: Kind;
  req: PreparedRequest;
}

const qs = (q: Record<string, string>): string => new URLSearchParams(q).toString();

/** Same body, one hex digit of the signature changed: what a forger without the token sends. */
function forge(req: PreparedRequest): PreparedRequest {
  const url = new URL(`http://x${req.path}`);
  const name = url.searchParams.has('msg_signature') ? 'msg_signature' : 'signature';
  const sig = url.searchParams.get(name) ?? '';
  url.searchParams.set(name, `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`);
  return { ...req, path: `${url.pathname}?${url.searchParams.toString()}`, eventKey: '' };
}

/** Malformed in several ways: not a document at all, a signed envelope whose ciphertext is junk, truncated JSON. */
function malformed(n: number): PreparedRequest {
  const w = BENCH_CALLBACKS.wecom;
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  switch (n % 3) {
    case 0:
      return { method: 'POST', path: `${CALLBACK_PATHS.wecom}?${qs({ msg_signature: 'x', timestamp: ts, nonce })}`, headers: { 'content-type': 'text/xml' }, body: '<xml><ToUserName>oops', eventKey: '' };
    case 1: {
      // Correctly signed, but the ciphertext is not a multiple of the block size.
      const encrypt = 'QUJDREVGR0g=';
      return { method: 'POST', path: `${CALLBACK_PATHS.wecom}?${qs({ msg_signature: signature(w.token, ts, nonce, encrypt), timestamp: ts, nonce })}`, headers: { 'content-type': 'text/xml' }, body: `<xml><ToUserName><![CDATA[${w.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, eventKey: '' };
    }
    default:
      return { method: 'POST', path: `${CALLBACK_PATHS.dingtalk}?${qs({ signature: 'x', timestamp: String(Date.now()), nonce })}`, headers: { 'content-type': 'application/json' }, body: '{"encrypt": ', eventKey: '' };
  }
}

/** A DTD in the outer envelope, or (correctly signed and encrypted) in the inner message. */
function doctype(n: number): PreparedRequest {
  const w = BENCH_CALLBACKS.wecom;
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(4).toString('hex');
  const bomb = '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>';
  if (n % 2 === 0) {
    const inner = wecomCallback(1_000_000 + n, Date.now(), 'dtd');
    return { ...inner, body: `${bomb}${inner.body}`, eventKey: '' };
  }
  const encrypt = encryptMessage(w.encodingAesKey, `${bomb}<xml><MsgType>event</MsgType><Event>&b;</Event><CreateTime>${ts}</CreateTime></xml>`, w.corpId);
  return { method: 'POST', path: `${CALLBACK_PATHS.wecom}?${qs({ msg_signature: signature(w.token, ts, nonce, encrypt), timestamp: ts, nonce })}`, headers: { 'content-type': 'text/xml' }, body: `<xml><ToUserName><![CDATA[${w.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, eventKey: '' };
}

/** Over the 1 MB body limit: a valid callback padded with whitespace the parser would ignore. */
function oversized(n: number): PreparedRequest {
  const req = n % 2 === 0 ? wecomCallback(2_000_000 + n, Date.now(), 'big') : dingtalkCallback(2_000_000 + n, Date.now(), 'big');
  return { ...req, body: `${req.body}${' '.repeat(1_100_000)}`, eventKey: '' };
}

/**
 * `valid` unique callbacks (both vendors) plus 10 % duplicates, 5 % forged signatures, 5 %
 * malformed bodies, 1 % DTDs and a few oversized bodies, shuffled by `random`.
 */
export function buildFlood(valid: number, random: () => number): FloodItem[] {
  const items: FloodItem[] = [];
  const originals: PreparedRequest[] = [];
  for (let i = 0; i < valid; i++) {
    const req = i % 2 === 0 ? wecomCallback(i, Date.now(), 'flood') : dingtalkCallback(i, Date.now(), 'flood');
    originals.push(req);
    items.push({ kind: 'valid', req });
  }
  const pick = (): PreparedRequest => originals[Math.floor(random() * originals.length)] as PreparedRequest;
  const total = valid / 0.79;
  for (let i = 0; i < Math.round(total * 0.1); i++) items.push({ kind: 'duplicate', req: pick() });
  for (let i = 0; i < Math.round(total * 0.05); i++) items.push({ kind: 'forged', req: forge(i % 2 === 0 ? wecomCallback(3_000_000 + i, Date.now(), 'forged') : dingtalkCallback(3_000_000 + i, Date.now(), 'forged')) });
  for (let i = 0; i < Math.round(total * 0.05); i++) items.push({ kind: 'malformed', req: malformed(i) });
  for (let i = 0; i < Math.max(2, Math.round(total * 0.01)); i++) items.push({ kind: 'doctype', req: doctype(i) });
  for (let i = 0; i < 4; i++) items.push({ kind: 'oversized', req: oversized(i) });
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as FloodItem, items[i] as FloodItem];
  }
  return items;
}
