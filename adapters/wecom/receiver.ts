import type { Clock } from '../../src/clock.js';
import { AppError } from '../../src/errors.js';
import type { CallbackCodec, CallbackRequest, DecodedCallback } from '../../src/vendor/contract.js';
import { parseFields } from './callback-format.js';
import { codecErrors, decodeEvent, verifyUrl, type CallbackConfig, type CodecErrorKind } from './codec.js';
import { decryptMessage, signatureMatches } from './crypto.js';

/** A DTD can define entities that expand without bound; WeCom never sends one. */
const DTD = /<!DOCTYPE|<!ENTITY/i;

function refuse(error: CodecErrorKind, detail: string): AppError {
  const details = { wecomCode: codecErrors[error] };
  switch (error) {
    case 'bad_signature':
      return new AppError('bad_signature', detail, details);
    case 'bad_receiveid':
      return new AppError('forbidden', 'The callback is for another corp.', details);
    case 'bad_config':
      return new AppError('config_invalid', 'The tenant callback settings are invalid.', details);
    default:
      return new AppError('bad_request', detail, details);
  }
}

/**
 * The signed inner message could still carry a DTD; check it before the parser sees it. Only a
 * correctly signed envelope is opened, so nothing is decrypted for forgers.
 */
function innerHasDtd(req: CallbackRequest, cfg: CallbackConfig): boolean {
  const encrypt = parseFields(req.body)?.['Encrypt'];
  const { msg_signature: sig, timestamp, nonce } = req.query;
  if (typeof encrypt !== 'string' || !sig || timestamp === undefined || nonce === undefined) return false;
  if (!signatureMatches(sig, cfg.token, timestamp, nonce, encrypt)) return false;
  const plain = decryptMessage(cfg.encodingAesKey, encrypt);
  return plain.ok && DTD.test(plain.message);
}

/**
 * WeCom callbacks (§7): GET answers the URL check with the decrypted echostr, POST verifies the
 * signature, decrypts, checks the corp, parses and yields one inbox event; the answer is an empty
 * 200 (events need no passive reply). Refusals are AppErrors: 401 signature or stale timestamp,
 * 403 another corp, 400 malformed.
 */
export function wecomCodec(cfg: CallbackConfig, clock: Clock, maxAgeSeconds: number): CallbackCodec {
  return {
    decode(req): DecodedCallback {
      if (req.method === 'GET') {
        const echo = verifyUrl(req.query, cfg);
        if (!echo.ok) throw refuse(echo.error, echo.detail);
        return { events: [], reply: { status: 200, contentType: 'text/plain', body: echo.value } };
      }
      if (DTD.test(req.body)) throw new AppError('bad_request', 'XML with a DTD or entities is refused.');
      if (innerHasDtd(req, cfg)) throw new AppError('bad_request', 'XML with a DTD or entities is refused.');
      const decoded = decodeEvent(req.query, req.body, cfg);
      if (!decoded.ok) throw refuse(decoded.error, decoded.detail);
      if (maxAgeSeconds > 0) {
        // The timestamp is covered by the signature, so an old one is a replay, not a forgery.
        const ts = Number(req.query['timestamp']);
        if (!Number.isFinite(ts) || clock.now() / 1000 - ts > maxAgeSeconds) throw new AppError('bad_signature', 'The callback timestamp is too old.');
      }
      const { eventKey, eventType, receivedFields } = decoded.value;
      return { events: [{ eventKey, eventType, payload: receivedFields }], reply: { status: 200, contentType: 'text/plain', body: '' } };
    },
  };
}
