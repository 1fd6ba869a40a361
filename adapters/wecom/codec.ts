import { decryptMessage, encryptMessage, isValidEncodingAesKey, signature, signatureMatches } from './crypto.js';
import { buildXml, type EncodableFields, type Fields, type FieldValue, isJsonText, parseFields } from './callback-format.js';

/** Callback settings of one tenant. `corpId` is the expected receiveid. Never log token or key. */
export interface CallbackConfig {
  token: string;
  encodingAesKey: string;
  corpId: string;
}

/** Failure kinds with the official WXBizMsgCrypt codes (§7.7). */
export const codecErrors = {
  bad_signature: -40001,
  malformed: -40002,
  bad_config: -40004,
  bad_receiveid: -40005,
  decrypt_failed: -40007,
} as const;
export type CodecErrorKind = keyof typeof codecErrors;

export type CodecResult<T> = { ok: true; value: T } | { ok: false; error: CodecErrorKind; code: number; detail: string };

export interface DecodedEvent {
  /** Dedupe key (§7.6): strong keys for approval and contact events, MsgId for messages. */
  eventKey: string;
  /** `Event` for events (sys_approval_change, change_contact, …), else `MsgType`. */
  eventType: string;
  receivedFields: Fields;
}

type Query = Record<string, unknown>;

function fail<T>(error: CodecErrorKind, detail: string): CodecResult<T> {
  return { ok: false, error, code: codecErrors[error], detail };
}

function param(query: Query, name: string): string | undefined {
  const v = query[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

function configProblem(cfg: CallbackConfig): string | null {
  if (!isValidEncodingAesKey(cfg.encodingAesKey)) return 'EncodingAESKey must be 43 characters of [A-Za-z0-9]';
  if (!/^[A-Za-z0-9]{1,32}$/.test(cfg.token)) return 'token must be 1–32 letters or digits';
  return null;
}

/** Signature check, decrypt and receiveid check shared by GET verification and POST events. */
function open(query: Query, encrypt: string, cfg: CallbackConfig): CodecResult<string> {
  const problem = configProblem(cfg);
  if (problem) return fail('bad_config', problem);
  const sig = param(query, 'msg_signature');
  const timestamp = param(query, 'timestamp');
  const nonce = param(query, 'nonce');
  if (!sig) return fail('bad_signature', 'msg_signature missing');
  if (timestamp === undefined || nonce === undefined) return fail('malformed', 'timestamp or nonce missing');
  if (!signatureMatches(sig, cfg.token, timestamp, nonce, encrypt)) return fail('bad_signature', 'msg_signature does not match');
  const plain = decryptMessage(cfg.encodingAesKey, encrypt);
  if (!plain.ok) return fail('decrypt_failed', plain.detail);
  if (plain.receiveId !== cfg.corpId) return fail('bad_receiveid', 'receiveid does not match the corp id');
  return { ok: true, value: plain.message };
}

/**
 * GET URL verification (§7.2): returns the plaintext echostr to answer with. Express has already
 * URL-decoded the query; a "+" left unencoded by the sender arrives as a space and is restored.
 */
export function verifyUrl(query: Query, cfg: CallbackConfig): CodecResult<string> {
  const echostr = param(query, 'echostr');
  if (!echostr) return fail('malformed', 'echostr missing');
  return open(query, echostr.replaceAll(' ', '+'), cfg);
}

function text(v: FieldValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

/** The dedupe key of a decrypted message (§7.6). */
export function eventKeyOf(f: Fields): string {
  const msgId = text(f['MsgId']);
  if (msgId) return `msg:${msgId}`;
  const event = text(f['Event']);
  const created = text(f['CreateTime']);
  if (event === 'sys_approval_change') {
    const info = f['ApprovalInfo'];
    const a = info !== null && typeof info === 'object' && !Array.isArray(info) ? info : {};
    const spNo = text(a['SpNoStr']) || text(a['SpNo']);
    return `sys_approval_change:${spNo}:${text(a['SpStatus'])}:${text(a['StatuChangeEvent'])}:${created}`;
  }
  if (event === 'change_contact') {
    const subject = text(f['UserID']) || text(f['Id']) || text(f['TagId']);
    return `change_contact:${text(f['ChangeType'])}:${subject}:${created}`;
  }
  return `${event || text(f['MsgType'])}:${text(f['FromUserName'])}:${created}`;
}

/** POST business callback (§7.3): verify, decrypt, parse (XML or JSON envelope and content). */
export function decodeEvent(query: Query, rawBody: string | Buffer, cfg: CallbackConfig): CodecResult<DecodedEvent> {
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const envelope = parseFields(body);
  if (!envelope) return fail('malformed', `${isJsonText(body) ? 'JSON' : 'XML'} envelope does not parse`);
  const encrypt = text(envelope['Encrypt']);
  if (!encrypt) return fail('malformed', 'Encrypt missing');
  const opened = open(query, encrypt, cfg);
  if (!opened.ok) return opened;
  const fields = parseFields(opened.value);
  if (!fields) return fail('malformed', 'decrypted message does not parse');
  const eventType = text(fields['Event']) || text(fields['MsgType']);
  if (!eventType) return fail('malformed', 'neither Event nor MsgType present');
  return { ok: true, value: { eventKey: eventKeyOf(fields), eventType, receivedFields: fields } };
}

export interface EncodedCallback {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
  contentType: string;
}

/**
 * Builds a callback as WeCom sends it: fields → XML (or JSON) → encrypt for the corp → sign →
 * envelope. Used by the sandbox to push events and by tests.
 */
export function encodeEvent(
  fields: EncodableFields,
  cfg: CallbackConfig,
  timestamp: string | number,
  nonce: string,
  opts: { format?: 'xml' | 'json'; random?: Buffer; agentId?: string } = {},
): EncodedCallback {
  const problem = configProblem(cfg);
  if (problem) throw new Error(problem);
  const ts = String(timestamp);
  const json = opts.format === 'json';
  const plain = json ? JSON.stringify(fields) : buildXml(fields);
  const encrypt = encryptMessage(cfg.encodingAesKey, plain, cfg.corpId, opts.random);
  const msg_signature = signature(cfg.token, ts, nonce, encrypt);
  const agentId = opts.agentId ?? '';
  const body = json
    ? JSON.stringify({ ToUserName: cfg.corpId, Encrypt: encrypt, AgentID: agentId })
    : buildXml({ ToUserName: cfg.corpId, AgentID: agentId, Encrypt: encrypt });
  return { query: { msg_signature, timestamp: ts, nonce }, body, contentType: json ? 'application/json' : 'text/xml' };
}
