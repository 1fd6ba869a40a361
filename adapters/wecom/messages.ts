import { z } from 'zod';
import { VendorError } from '../../src/http/vendorError.js';
import type { WriteBackItem } from '../../src/vendor/contract.js';
import type { WecomClient } from './client.js';
import { mediaUploadSchema, messageSendSchema } from './messages-schemas.js';
import { wecomMessageLimits as LIMITS } from './descriptor.js';

/**
 * Application messages (DOC 90236) sent as the tenant's agent: `message` {userid, text} for
 * exception notices, `file_message` {userid, fileName, contentBase64} for the monthly report.
 * Texts and file contents never reach a log line or an error message.
 */

const userid = z.string().min(1).max(64);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64').refine((s) => s.length % 4 === 0, 'not base64');

const textPayload = z.object({
  userid,
  text: z
    .string()
    .min(1)
    .refine((t) => Buffer.byteLength(t) <= LIMITS.textMaxBytes, `text is over ${LIMITS.textMaxBytes} bytes`),
});

const filePayload = z.object({
  userid,
  fileName: z.string().min(1).max(255),
  contentBase64: base64,
});

function parse<T>(schema: z.ZodType<T>, item: WriteBackItem): T {
  const r = schema.safeParse(item.payload);
  if (r.success) return r.data;
  // Path and rule only: the message names the field, never the text or file content.
  const i = r.error.issues[0];
  throw new VendorError('wecom', item.kind, 'bad_payload', `${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`, 'fail');
}

/** The agent the messages come from; without it no message can be sent, so the item is parked. */
function agentIdOf(client: WecomClient, kind: string): number {
  const raw = client.tenant.agentId;
  if (raw === undefined || !/^\d+$/.test(raw)) {
    throw new VendorError('wecom', kind, 'no_agent_id', `tenant ${client.tenant.id} has no numeric agentId: set WECOM_AGENT_ID (the app's AgentId) to send messages`, 'fail');
  }
  return Number(raw);
}

/**
 * A retried item repeats the same request JSON, so WeCom's duplicate check delivers it once even
 * when an earlier attempt reached WeCom but its answer was lost.
 */
const DUPLICATE_CHECK = { enable_duplicate_check: 1, duplicate_check_interval: LIMITS.duplicateCheckMaxSeconds };

/** errcode 0 can still leave our one recipient out (invaliduser / unlicenseduser): that is permanent. */
async function send(client: WecomClient, kind: string, to: string, message: Record<string, unknown>): Promise<void> {
  const out = await client.call('message_send', { body: { touser: to, agentid: agentIdOf(client, kind), ...message, safe: 0, ...DUPLICATE_CHECK }, schema: messageSendSchema });
  const listed = (s: string | undefined): boolean => (s ?? '').toLowerCase().split('|').includes(to.toLowerCase());
  if (listed(out.invaliduser)) throw new VendorError('wecom', 'message_send', 'invalid_user', `userid ${to} is unknown or outside the app's visibility`, 'fail');
  if (listed(out.unlicenseduser)) throw new VendorError('wecom', 'message_send', 'unlicensed_user', `userid ${to} has no WeCom interface licence`, 'fail');
}

/**
 * media_ids of files this process uploaded, per item, so a retry sends the same file message
 * (same JSON, caught by the duplicate check) instead of uploading again. Kept well inside the
 * 3-day media lifetime; bounded so a long-running process does not grow.
 */
const MEDIA_REUSE_MS = (LIMITS.mediaTtlSeconds / 2) * 1000;
const MEDIA_CACHE_MAX = 256;
const mediaCache = new WeakMap<WecomClient, Map<string, { mediaId: string; until: number }>>();

async function uploadOnce(client: WecomClient, item: WriteBackItem, fileName: string, content: Buffer): Promise<string> {
  const cache = mediaCache.get(client) ?? new Map<string, { mediaId: string; until: number }>();
  mediaCache.set(client, cache);
  const now = client.now();
  const hit = cache.get(item.idempotencyKey);
  if (hit && hit.until > now) return hit.mediaId;
  const out = await client.upload('media_upload', { field: 'media', fileName, content, contentType: 'application/octet-stream' }, { query: { type: 'file' }, schema: mediaUploadSchema });
  if (cache.size >= MEDIA_CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(item.idempotencyKey, { mediaId: out.media_id, until: now + MEDIA_REUSE_MS });
  return out.media_id;
}

export async function sendTextMessage(client: WecomClient, item: WriteBackItem): Promise<void> {
  const p = parse(textPayload, item);
  await send(client, item.kind, p.userid, { msgtype: 'text', text: { content: p.text } });
}

export async function sendFileMessage(client: WecomClient, item: WriteBackItem): Promise<void> {
  const p = parse(filePayload, item);
  const content = Buffer.from(p.contentBase64, 'base64');
  if (content.length < LIMITS.fileMinBytes || content.length > LIMITS.fileMaxBytes) {
    throw new VendorError('wecom', item.kind, 'bad_payload', `file size ${content.length} bytes is outside ${LIMITS.fileMinBytes}..${LIMITS.fileMaxBytes}`, 'fail');
  }
  agentIdOf(client, item.kind); // fail before uploading when no message could be sent
  const mediaId = await uploadOnce(client, item, p.fileName, content);
  await send(client, item.kind, p.userid, { msgtype: 'file', file: { media_id: mediaId } });
}
