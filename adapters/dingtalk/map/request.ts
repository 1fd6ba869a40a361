/**
 * An OA approval instance (`/topapi/processinstance/get`, §6.2) → a ledger request change: the
 * exact interval from the form, the status from status + result (+ whether it had been approved
 * before a termination), and the approver trail from the tasks.
 */
import { z } from 'zod';
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import { leaveSubtype, parseFormInterval, type FormInterval } from './form.js';
import { parseLocal } from './time.js';

type RequestChange = Extract<LedgerChangeInput, { kind: 'request' }>;
export type RequestType = 'leave' | 'overtime' | 'trip' | 'outing' | 'correction' | 'time_off' | 'field';
type Status = RequestChange['status'];

const optText = z.string().nullable().optional().catch(undefined);

export const instanceSchema = z.looseObject({
  title: optText,
  create_time: optText,
  finish_time: optText,
  originator_userid: z.string().min(1),
  status: z.string(),
  result: optText,
  business_id: optText,
  biz_action: optText,
  form_component_values: z
    .array(z.looseObject({ component_type: optText, name: optText, id: optText, value: optText, ext_value: optText }))
    .default([]),
  tasks: z
    .array(z.looseObject({ userid: optText, task_status: optText, task_result: optText, create_time: optText, finish_time: optText }))
    .default([]),
});
export type RawInstance = z.infer<typeof instanceSchema>;

/** RUNNING → pending; COMPLETED + agree/refuse → approved/rejected; TERMINATED → revoked when it had been approved, else cancelled. */
export function statusOf(inst: Pick<RawInstance, 'status' | 'result' | 'tasks'>): Status {
  const result = (inst.result ?? '').toLowerCase();
  switch (inst.status) {
    case 'COMPLETED':
      return result === 'refuse' ? 'rejected' : 'approved';
    case 'TERMINATED':
    case 'CANCELED': {
      // A withdrawal after every approver agreed undoes an approval (撤销); before that it is a plain cancel.
      const agreed = inst.tasks.length > 0 && inst.tasks.every((t) => (t.task_result ?? '').toUpperCase() === 'AGREE');
      return result === 'agree' || agreed ? 'revoked' : 'cancelled';
    }
    default:
      return 'pending';
  }
}

function decisionOf(t: RawInstance['tasks'][number]): string {
  switch ((t.task_result ?? '').toUpperCase()) {
    case 'AGREE':
      return 'approved';
    case 'REFUSE':
      return 'rejected';
    case 'REDIRECTED':
      return 'redirected';
    default:
      return (t.task_status ?? '') === 'CANCELED' ? 'cancelled' : 'pending';
  }
}

/** The form's interval: the leave field first, then any component holding the same six-item value. */
export function formInterval(inst: RawInstance, zone: string): FormInterval | null {
  const fields = [...inst.form_component_values].sort((a, b) => Number(b.component_type === 'DDHolidayField') - Number(a.component_type === 'DDHolidayField'));
  for (const f of fields) {
    const parsed = parseFormInterval(f.value, f.ext_value, zone);
    if (parsed) return parsed;
  }
  return null;
}

function reasonOf(inst: RawInstance): string | null {
  const f = inst.form_component_values.find((c) => c.component_type === 'TextareaField' && typeof c.value === 'string' && c.value !== '');
  return f?.value ? f.value.slice(0, 500) : null;
}

const at = (text: string | null | undefined, zone: string): number | null => (typeof text === 'string' && text !== '' ? parseLocal(text, zone) : null);

function minutesOf(iv: FormInterval): number | null {
  if (iv.hours !== null) return Math.round(iv.hours * 60);
  if (iv.unit === 'hour' && iv.amount !== null) return Math.round(iv.amount * 60);
  return null;
}

/** Null when the form holds no interval the adapter can read (the caller logs it). */
export function requestFromInstance(instanceId: string, type: RequestType, inst: RawInstance, zone: string): RequestChange | null {
  const iv = formInterval(inst, zone);
  if (!iv) return null;
  const status = statusOf(inst);
  return {
    kind: 'request',
    externalUserId: inst.originator_userid,
    externalId: instanceId,
    type,
    subtype: type === 'leave' || type === 'time_off' ? leaveSubtype(iv.name) : null,
    startAt: iv.startAt,
    endAt: iv.endAt,
    unit: iv.unit,
    durationMinutes: minutesOf(iv),
    status,
    reason: reasonOf(inst),
    approvers: inst.tasks
      .filter((t) => typeof t.userid === 'string' && t.userid !== '')
      .map((t) => ({ externalUserId: t.userid as string, decision: decisionOf(t), at: at(t.finish_time, zone) })),
    submittedAt: at(inst.create_time, zone),
    decidedAt: status === 'pending' ? null : at(inst.finish_time, zone),
    raw: { businessId: inst.business_id ?? null, status: inst.status, result: inst.result ?? null, bizAction: inst.biz_action ?? null },
  };
}
