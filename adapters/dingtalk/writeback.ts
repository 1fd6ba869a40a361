/**
 * Outbox write-backs to DingTalk (docs/dingtalk.md §5.6–§5.9). Payloads are vendor-neutral
 * (instants, ledger units and types) and validated here; a payload that cannot be written is a
 * permanent failure (parked), vendor refusals are classified by the client (transient → retried).
 *
 * - `approval_finish` {userId, type, subtype?, startAt, endAt, unit, jumpUrl, approveId?, calculateModel?, overtimeToMore?}
 * - `approval_cancel` {userId, approveId}
 * - `punch_upload`    {userId, at, deviceName, deviceId, photoUrl?}
 * - `schedule`        {opUserId, groupId, days: [{userId, workDate, shiftId|null}]}
 * - `quota`           {opUserId, quotas: [{userId, leaveCode, startAt, endAt, days?, hours?, reason, cycle?}]}
 * - `message`, `file_message` (work notifications, messages.ts); `workrecord_add`, `workrecord_update` (to-dos, workrecord.ts)
 * - `apply_event` is refused for good: there is no documented way to file an approval for a user.
 */
import { z } from 'zod';
import { VendorError } from '../../src/http/vendorError.js';
import type { WriteBackItem } from '../../src/vendor/contract.js';
import { listRecords } from './client-api.js';
import type { ApiName, DingtalkClient, Json } from './client.js';
import { dingtalkApis } from './descriptor.js';
import { formatLocal, startOfDay } from './map/time.js';
import { sendFileMessage, sendTextMessage } from './messages.js';
import { addWorkrecord, updateWorkrecord } from './workrecord.js';

const instant = z.number().int().nonnegative();

const finishPayload = z.object({
  userId: z.string().min(1),
  type: z.enum(['leave', 'time_off', 'overtime', 'trip', 'outing', 'field']),
  /** Leave name as DingTalk shows it (年假) or the ledger subtype (annual). */
  subtype: z.string().min(1).optional(),
  startAt: instant,
  endAt: instant,
  unit: z.enum(['day', 'halfday', 'hour']),
  jumpUrl: z.string().min(1).max(200),
  approveId: z.string().min(1).max(100).optional(),
  /** 0 natural days, 1 working days. */
  calculateModel: z.union([z.literal(0), z.literal(1)]).default(1),
  /** Overtime: 1 → 调休 (time off), 2 → pay. */
  overtimeToMore: z.union([z.literal(1), z.literal(2)]).default(1),
});

const cancelPayload = z.object({ userId: z.string().min(1), approveId: z.string().min(1).max(100) });

const uploadPayload = z.object({
  userId: z.string().min(1),
  at: instant,
  deviceName: z.string().min(1),
  deviceId: z.string().min(1),
  photoUrl: z.url().optional(),
});

const schedulePayload = z.object({
  opUserId: z.string().min(1),
  groupId: z.union([z.string().min(1), z.number().int()]),
  days: z.array(z.object({ userId: z.string().min(1), workDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), shiftId: z.string().min(1).nullable() })).min(1),
});

const quotaPayload = z.object({
  opUserId: z.string().min(1),
  quotas: z
    .array(
      z.object({
        userId: z.string().min(1),
        leaveCode: z.string().min(1),
        startAt: instant,
        endAt: instant,
        days: z.number().nonnegative().optional(),
        hours: z.number().nonnegative().optional(),
        reason: z.string().min(1).max(200),
        cycle: z.string().regex(/^\d{4}$/).optional(),
      }),
    )
    .min(1),
});

const BIZ_TYPE = { overtime: 1, trip: 2, outing: 2, field: 2, leave: 3, time_off: 3 } as const;
const TAG = { overtime: '加班', trip: '出差', outing: '外出', field: '外出', leave: '请假', time_off: '请假' } as const;
const LEAVE_NAMES: Record<string, string> = { annual: '年假', sick: '病假', personal: '事假', marriage: '婚假', bereavement: '丧假', paternity: '陪产假', maternity: '产假', nursing: '哺乳假', time_off: '调休' };

function parse<T extends z.ZodType>(kind: string, schema: T, payload: unknown): z.output<T> {
  const r = schema.safeParse(payload);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new VendorError('dingtalk', kind, 'bad_payload', `cannot write: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid payload'}`, 'fail');
}

/** from_time/to_time in the unit's format (§5.8a): the last day/half day is named inclusively. */
function bounds(p: z.output<typeof finishPayload>, zone: string): { from: string; to: string } {
  const last = Math.max(p.startAt, p.endAt - 1);
  if (p.unit === 'hour') return { from: formatLocal(p.startAt, zone, 'yyyy-MM-dd HH:mm'), to: formatLocal(p.endAt, zone, 'yyyy-MM-dd HH:mm') };
  if (p.unit === 'day') return { from: formatLocal(p.startAt, zone, 'yyyy-MM-dd'), to: formatLocal(last, zone, 'yyyy-MM-dd') };
  const half = (ms: number): string => `${formatLocal(ms, zone, 'yyyy-MM-dd')} ${Number(formatLocal(ms, zone, 'H')) < 12 ? 'AM' : 'PM'}`;
  return { from: half(p.startAt), to: half(last) };
}

function finishBody(item: WriteBackItem, zone: string): Json {
  const p = parse(item.kind, finishPayload, item.payload);
  if (p.endAt <= p.startAt) throw new VendorError('dingtalk', item.kind, 'bad_payload', 'endAt must be after startAt', 'fail');
  if (p.type === 'overtime' && p.unit !== 'hour') throw new VendorError('dingtalk', item.kind, 'bad_payload', 'overtime is written in hours', 'fail');
  const leave = p.type === 'leave' || p.type === 'time_off';
  const subType = p.type === 'time_off' ? '调休' : p.subtype === undefined ? undefined : (LEAVE_NAMES[p.subtype] ?? p.subtype);
  if (leave && subType === undefined) throw new VendorError('dingtalk', item.kind, 'bad_payload', 'a leave needs its subtype', 'fail');
  const { from, to } = bounds(p, zone);
  return {
    userid: p.userId,
    biz_type: BIZ_TYPE[p.type],
    from_time: from,
    to_time: to,
    duration_unit: p.unit === 'halfday' ? 'halfDay' : p.unit,
    calculate_model: p.calculateModel,
    tag_name: TAG[p.type],
    ...(leave && subType !== undefined ? { sub_type: subType.slice(0, 20) } : {}),
    // Our id: finishing again with the same approve_id updates the earlier write (§5.8).
    approve_id: p.approveId ?? item.idempotencyKey.slice(0, 100),
    jump_url: p.jumpUrl,
    ...(p.type === 'overtime' ? { overtime_duration: ((p.endAt - p.startAt) / 3_600_000).toFixed(2), overtime_to_more: p.overtimeToMore } : {}),
  };
}

function chunks<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** The calls one item turns into (quota updates take ≤ 100 entries each). */
export function writeBackCalls(item: WriteBackItem, zone: string): { api: ApiName; body: Json }[] {
  switch (item.kind) {
    case 'approval_finish':
      return [{ api: 'approveFinish', body: finishBody(item, zone) }];
    case 'approval_cancel': {
      const p = parse(item.kind, cancelPayload, item.payload);
      return [{ api: 'approveCancel', body: { userid: p.userId, approve_id: p.approveId } }];
    }
    case 'punch_upload': {
      const p = parse(item.kind, uploadPayload, item.payload);
      return [{ api: 'recordUpload', body: { userid: p.userId, device_name: p.deviceName, device_id: p.deviceId, user_check_time: p.at, ...(p.photoUrl ? { photo_url: p.photoUrl } : {}) } }];
    }
    case 'schedule': {
      const p = parse(item.kind, schedulePayload, item.payload);
      const schedules = p.days.map((d) => ({ userid: d.userId, work_date: startOfDay(d.workDate, zone), is_rest: d.shiftId === null, ...(d.shiftId === null ? {} : { shift_id: Number(d.shiftId) }) }));
      return [{ api: 'groupScheduleAsync', body: { op_user_id: p.opUserId, group_id: Number(p.groupId), schedules } }];
    }
    case 'quota': {
      const p = parse(item.kind, quotaPayload, item.payload);
      // Amounts are in hundredths (100 = one day or one hour, §5.6).
      const quotas = p.quotas.map((q) => ({
        userid: q.userId,
        leave_code: q.leaveCode,
        start_time: q.startAt,
        end_time: q.endAt,
        reason: q.reason,
        ...(q.days !== undefined ? { quota_num_per_day: Math.round(q.days * 100) } : {}),
        ...(q.hours !== undefined ? { quota_num_per_hour: Math.round(q.hours * 100) } : {}),
        quota_cycle: q.cycle ?? formatLocal(q.startAt, zone, 'yyyy'),
      }));
      return chunks(quotas, dingtalkApis.vacationQuotaUpdate.limits.maxItems).map((part) => ({ api: 'vacationQuotaUpdate', body: { op_userid: p.opUserId, leave_quotas: part } }));
    }
    case 'apply_event':
      // Permanent, so the outbox parks it with this reason for a person. The only documented way
      // to start an approval for a user is an OA instance (§6.4), whose attendance forms
      // (DDHolidayField, DDBizSuite) have no documented submit format (§6.3, §12); the §6.5
      // process-centre instance and §5.8 approve/finish only mirror a decision taken elsewhere.
      throw new VendorError('dingtalk', item.kind, 'no_filing_api', 'DingTalk has no documented API to file a leave, overtime, trip or outing approval for a user; the employee files it in DingTalk', 'fail');
    default:
      throw new VendorError('dingtalk', item.kind, 'unsupported', `no DingTalk write-back for kind "${item.kind}"`, 'fail');
  }
}

/** Kinds whose later call needs an earlier answer (media_id) or that check the answer. */
const answerAware = new Map<string, (client: DingtalkClient, item: WriteBackItem) => Promise<void>>([
  ['message', sendTextMessage],
  ['file_message', sendFileMessage],
  ['workrecord_add', addWorkrecord],
  ['workrecord_update', updateWorkrecord],
]);

/** Milliseconds either side of the punch that the re-check reads (listRecord takes whole seconds). */
const RECHECK_SLACK_MS = 60_000;

/**
 * record/upload has no idempotency key: when an earlier attempt may have been applied (its worker
 * died mid-call), look for the punch (same user and second, our device id as `deviceSN` or
 * `deviceId`, see isDeviceUpload) in the user's listRecord before uploading it again.
 */
async function alreadyUploaded(client: DingtalkClient, item: WriteBackItem): Promise<boolean> {
  const p = parse(item.kind, uploadPayload, item.payload);
  const records = await listRecords(client, [p.userId], p.at - RECHECK_SLACK_MS, p.at + RECHECK_SLACK_MS, { urgent: true });
  const second = Math.floor(p.at / 1000);
  return records.some((r) => r.userId === p.userId && Math.floor(Number(r.userCheckTime) / 1000) === second && (r.deviceSN === p.deviceId || r.deviceId === p.deviceId));
}

/**
 * Performs one outbox item; every call is idempotent on the vendor side (approve_id, same quota,
 * same day, biz_id) except record/upload, which is checked first when `maybeApplied`.
 */
export async function performWriteBack(client: DingtalkClient, item: WriteBackItem): Promise<void> {
  const perform = answerAware.get(item.kind);
  if (perform) return perform(client, item);
  // Only a possibly applied earlier attempt costs the extra read.
  if (item.kind === 'punch_upload' && item.maybeApplied === true && (await alreadyUploaded(client, item))) return;
  for (const call of writeBackCalls(item, client.timezone)) await client.call(call.api, call.body, { urgent: true });
}
