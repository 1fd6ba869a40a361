/**
 * Work notifications (工作通知, `asyncsend_v2`) sent as the tenant's app: `message` {userid, text}
 * for exception notices, `file_message` {userid, fileName, contentBase64} for the monthly report
 * (media/upload, then a `file` message). Texts and file contents never reach a log line or an
 * error message. DingTalk delivers the same content to the same user once a day, so a retried
 * item that already reached DingTalk is not delivered twice.
 */
import { z } from 'zod';
import { VendorError } from '../../src/http/vendorError.js';
import type { WriteBackItem } from '../../src/vendor/contract.js';
import { parseAnswer } from './client-api.js';
import type { DingtalkClient, Json } from './client.js';
import { dingtalkMessageLimits as LIMITS } from './descriptor.js';

const userid = z.string().min(1).max(64);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64').refine((s) => s.length % 4 === 0, 'not base64');

const textPayload = z.object({ userid, text: z.string().min(1) });
const filePayload = z.object({ userid, fileName: z.string().min(1).max(255), contentBase64: base64 });

const sendAnswer = z.looseObject({ task_id: z.union([z.number(), z.string()]) });
const uploadAnswer = z.looseObject({ media_id: z.string().min(1) });

/** Field path and rule only: never the text or the file. */
export function parsePayload<T extends z.ZodType>(kind: string, schema: T, payload: unknown): z.output<T> {
  const r = schema.safeParse(payload);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new VendorError('dingtalk', kind, 'bad_payload', `cannot write: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid payload'}`, 'fail');
}

/** The app's AgentId; without it no notification can be sent, so the item is parked. */
export function agentIdOf(client: DingtalkClient, kind: string): number {
  const raw = client.tenant.agentId;
  if (raw === undefined || !/^\d+$/.test(raw)) {
    throw new VendorError('dingtalk', kind, 'no_agent_id', `tenant ${client.tenant.id} has no numeric agentId: set agentId (the app's AgentId from the developer console) in the tenant config`, 'fail');
  }
  return Number(raw);
}

async function notify(client: DingtalkClient, kind: string, to: string, msg: Json): Promise<void> {
  const body = { agent_id: agentIdOf(client, kind), userid_list: to, msg };
  parseAnswer('messageSend', sendAnswer, await client.call('messageSend', body, { urgent: true }));
}

export async function sendTextMessage(client: DingtalkClient, item: WriteBackItem): Promise<void> {
  const p = parsePayload(item.kind, textPayload, item.payload);
  await notify(client, item.kind, p.userid, { msgtype: 'text', text: { content: p.text } });
}

export async function sendFileMessage(client: DingtalkClient, item: WriteBackItem): Promise<void> {
  const p = parsePayload(item.kind, filePayload, item.payload);
  const content = Buffer.from(p.contentBase64, 'base64');
  if (content.length === 0 || content.length > LIMITS.fileMaxBytes) {
    throw new VendorError('dingtalk', item.kind, 'bad_payload', `file size ${content.length} bytes is outside 1..${LIMITS.fileMaxBytes}`, 'fail');
  }
  agentIdOf(client, item.kind); // fail before spending an upload call when nothing could be sent
  const file = { field: 'media', fileName: p.fileName, content, contentType: 'application/octet-stream' };
  // `type` is a query parameter in the documented URL; SDKs also send it as a form field.
  const uploaded = parseAnswer('mediaUpload', uploadAnswer, await client.upload('mediaUpload', file, { urgent: true, query: { type: 'file' } }));
  await notify(client, item.kind, p.userid, { msgtype: 'file', file: { media_id: uploaded.media_id } });
}
