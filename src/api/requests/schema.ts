import { z } from 'zod';
import { requestStatuses, requestTypes } from '../../ledger/model.js';
import { formatInstant } from '../../rules/time.js';
import { employeeId } from '../schemas.js';

/** Types the API files (shift swaps come only from the vendors' scheduling). */
export const API_REQUEST_TYPES = ['leave', 'overtime', 'correction', 'trip', 'outing', 'time_off', 'field'] as const;

/** The vendors' own limits (DingTalk approve/finish): an interval spans at most 31 days, overtime one day. */
const MAX_INTERVAL_MS = 31 * 86_400_000;
const MAX_OVERTIME_MS = 86_400_000;

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset, e.g. 2026-03-02T09:00:00+08:00');

export const createRequestBody = z
  .strictObject({
    employeeId: employeeId.optional().describe('default: the caller’s own employee'),
    type: z.enum(API_REQUEST_TYPES),
    subtype: z.string().min(1).max(32).optional().describe('leave type (annual, sick, personal, …); required for leave'),
    startAt: instant,
    endAt: instant.optional().describe('required except for a correction, whose missing punch time is startAt'),
    unit: z.enum(['day', 'halfday', 'hour']).default('hour'),
    reason: z.string().min(1).max(500).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.type === 'leave' && b.subtype === undefined) ctx.addIssue({ code: 'custom', path: ['subtype'], message: 'a leave needs its type, e.g. annual' });
    const start = Date.parse(b.startAt);
    const end = b.endAt === undefined ? Number.NaN : Date.parse(b.endAt);
    if (b.type === 'correction') {
      if (b.endAt !== undefined && end !== start) ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'a correction is one instant: leave endAt out' });
      return;
    }
    if (b.endAt === undefined) ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'required' });
    else if (!(end > start)) ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'endAt must be after startAt' });
    else if (end - start > (b.type === 'overtime' ? MAX_OVERTIME_MS : MAX_INTERVAL_MS)) {
      ctx.addIssue({ code: 'custom', path: ['endAt'], message: b.type === 'overtime' ? 'overtime spans at most one day' : 'a request spans at most 31 days' });
    }
  });
export type CreateRequestBody = z.output<typeof createRequestBody>;

export const requestView = z
  .object({
    id: z.string(),
    employeeId: z.string(),
    type: z.enum(requestTypes),
    subtype: z.string().nullable(),
    startAt: z.string(),
    endAt: z.string(),
    unit: z.string(),
    durationMinutes: z.number().nullable(),
    status: z.enum(requestStatuses),
    reason: z.string().nullable(),
    origin: z.string().describe('api for requests filed here, else the vendor tenant they came from'),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'Request' });
export type RequestView = z.infer<typeof requestView>;

export interface RequestRow {
  id: number | string;
  tenant_id: string;
  external_id: string;
  employee_id: string;
  type: (typeof requestTypes)[number];
  subtype: string | null;
  start_at: number | string;
  end_at: number | string;
  unit: string;
  duration_minutes: number | null;
  status: (typeof requestStatuses)[number];
  reason: string | null;
  submitted_at: number | string | null;
  decided_at: number | string | null;
}

export const REQUEST_COLUMNS = ['id', 'tenant_id', 'external_id', 'employee_id', 'type', 'subtype', 'start_at', 'end_at', 'unit', 'duration_minutes', 'status', 'reason', 'submitted_at', 'decided_at'];

export function toRequestView(r: RequestRow, zone: string): RequestView {
  const at = (v: number | string | null) => (v === null ? null : formatInstant(Number(v), zone));
  return {
    id: String(r.id), employeeId: r.employee_id, type: r.type, subtype: r.subtype, startAt: formatInstant(Number(r.start_at), zone), endAt: formatInstant(Number(r.end_at), zone),
    unit: r.unit, durationMinutes: r.duration_minutes === null ? null : Number(r.duration_minutes), status: r.status, reason: r.reason, origin: r.tenant_id,
    submittedAt: at(r.submitted_at), decidedAt: at(r.decided_at),
  };
}
