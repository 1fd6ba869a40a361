/**
 * Dedupe keys for pushed events (docs/dingtalk.md §8.4/§8.5). Current pushes carry `eventId`;
 * legacy registrations do not, so a redelivery is recognised by what it is about: the punch
 * (user + time), the approval instance and transition, or the contact ids and their timestamp.
 */
import { createHash } from 'node:crypto';

/** The inbox key column holds 191 characters; longer business keys are hashed. */
const MAX_KEY = 150;

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : v === undefined ? [] : [str(v)]);

function businessKey(type: string, f: Record<string, unknown>): string | null {
  if (type === 'attendance_check_record') {
    const items = Array.isArray(f['dataList']) ? (f['dataList'] as Record<string, unknown>[]) : [];
    if (items.length === 0) return null;
    return `${type}:${items.map((i) => `${str(i['userId'])}@${str(i['checkTime'])}`).join(',')}`;
  }
  if (type.startsWith('bpms_')) {
    const id = str(f['processInstanceId']);
    if (id === '') return null;
    return `${type}:${id}:${str(f['type'])}:${str(f['taskId'])}:${str(f['staffId'])}:${str(f['result'])}`;
  }
  if (type === 'attendance_approve_status_change') {
    const id = str(f['processInstanceId']);
    return id === '' ? null : `${type}:${id}:${str(f['status'])}`;
  }
  if (type.startsWith('user_') || type.startsWith('org_dept_')) {
    const ids = [...list(f['userId']), ...list(f['deptId'])].sort();
    if (ids.length === 0) return null;
    return `${type}:${ids.join(',')}:${str(f['timeStamp']) || str(f['EventTime'])}`;
  }
  return null;
}

/** `eventId` when present, else a business key, else the codec's plaintext hash. */
export function eventKeyOf(type: string, fields: Record<string, unknown>, fallback: string): string {
  const id = fields['eventId'];
  if (typeof id === 'string' && id !== '') return id.length > MAX_KEY ? `${type}:${createHash('sha1').update(id).digest('hex')}` : id;
  const key = businessKey(type, fields);
  if (key === null) return fallback;
  return key.length > MAX_KEY ? `${type}:${createHash('sha1').update(key).digest('hex')}` : key;
}

/**
 * One item of `get_call_back_failed_result` (§8.4: `{call_back_tag, event_time, <tag>: data}`)
 * back in the pushed event's shape, so the inbox and the resolver treat it like any push.
 */
export function failedItemToEvent(item: Record<string, unknown>): { eventKey: string; eventType: string; payload: Record<string, unknown> } | null {
  const tag = item['call_back_tag'];
  if (typeof tag !== 'string' || tag === '') return null;
  const raw = item[tag];
  const data = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const { corpid, bpmsCallBackData, userid, deptid, ...rest } = data;
  let fields: Record<string, unknown>;
  if (tag.startsWith('bpms_') && bpmsCallBackData !== null && typeof bpmsCallBackData === 'object') fields = { ...(bpmsCallBackData as Record<string, unknown>) };
  else if (tag.startsWith('user_')) fields = { userId: list(userid) };
  else if (tag.startsWith('org_dept_')) fields = { deptId: list(deptid) };
  else fields = { ...rest };
  const payload = { EventType: tag, EventTime: item['event_time'], CorpId: str(corpid), ...fields };
  const fallback = `${tag}:${createHash('sha1').update(JSON.stringify(item)).digest('hex').slice(0, 24)}`;
  return { eventKey: eventKeyOf(tag, payload, fallback), eventType: tag, payload };
}
