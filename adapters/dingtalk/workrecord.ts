/**
 * Requests filed in our API mirrored as DingTalk to-dos (待办, `topapi/workrecord/add` and
 * `update`, [SDK-TOP] OapiWorkrecordAddRequest/UpdateRequest). `biz_id` is derived from our request
 * id: a retried add names the same to-do, and an update without the vendor's record id can name
 * it by that biz_id (the outbox does not keep answers).
 *
 * - `workrecord_add`    {userid, requestId, title, url, formItems: [{title, content}]}
 * - `workrecord_update` {userid, requestId, recordId?} (title/url/formItems accepted, unused): marks it done
 */
import { z } from 'zod';
import { VendorError } from '../../src/http/vendorError.js';
import type { WriteBackItem } from '../../src/vendor/contract.js';
import { parseAnswer } from './client-api.js';
import type { DingtalkClient } from './client.js';
import { dingtalkApis } from './descriptor.js';
import { parsePayload } from './messages.js';

const formItem = z.object({ title: z.string().min(1), content: z.string() });
const base = { userid: z.string().min(1).max(64), requestId: z.string().min(1).max(64) };

const addPayload = z.object({
  ...base,
  title: z.string().min(1),
  url: z.url(),
  formItems: z.array(formItem).max(dingtalkApis.workrecordAdd.limits.maxItems),
});
const updatePayload = z.object({ ...base, recordId: z.string().min(1).optional() });

const addAnswer = z.looseObject({ record_id: z.string().min(1) });
const updateAnswer = z.looseObject({ result: z.boolean() });

/** Namespaced so our ids cannot collide with another system's to-dos in the same org. */
export const bizIdOf = (requestId: string): string => `attendance-bridge:${requestId}`;

export async function addWorkrecord(client: DingtalkClient, item: WriteBackItem): Promise<void> {
  const p = parsePayload(item.kind, addPayload, item.payload);
  const body = {
    userid: p.userid,
    create_time: client.now(),
    title: p.title,
    url: p.url,
    formItemList: p.formItems,
    biz_id: bizIdOf(p.requestId),
  };
  parseAnswer('workrecordAdd', addAnswer, await client.call('workrecordAdd', body, { urgent: true }));
}

export async function updateWorkrecord(client: DingtalkClient, item: WriteBackItem): Promise<void> {
  const p = parsePayload(item.kind, updatePayload, item.payload);
  const out = parseAnswer('workrecordUpdate', updateAnswer, await client.call('workrecordUpdate', { userid: p.userid, record_id: p.recordId ?? bizIdOf(p.requestId) }, { urgent: true }));
  if (!out.result) throw new VendorError('dingtalk', 'workrecordUpdate', 'not_updated', 'DingTalk did not mark the to-do done', 'fail');
}
