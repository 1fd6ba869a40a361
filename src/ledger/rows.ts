import { datesForInterval, datesForPunch } from './dirty.js';
import { scopedId } from './ids.js';
import type { ChangeKind, ChangeOf, DayKey } from './model.js';
import type { Row, UpsertSpec } from './upsert.js';

/** What a change becomes in its table, and which (employee, work date) keys a written row affects. */
export interface RowMapping<K extends ChangeKind> {
  spec: UpsertSpec;
  toRow(change: ChangeOf<K>, ctx: RowContext): Row;
  dirty?(row: Row, ctx: RowContext): DayKey[];
}

export interface RowContext {
  tenantId: string;
  timezone: string;
  now: number;
  employee(externalUserId: string): string;
}

/** Rule-group patterns name shifts by the vendor's id; the ledger stores the tenant-scoped id. */
function scopePattern(pattern: Record<string, unknown>, tenantId: string): Record<string, unknown> {
  const scope = (v: unknown) => (typeof v === 'string' ? scopedId(tenantId, v) : v);
  const out: Record<string, unknown> = { ...pattern };
  if (pattern.week && typeof pattern.week === 'object') out.week = Object.fromEntries(Object.entries(pattern.week).map(([k, v]) => [k, scope(v)]));
  if (Array.isArray(pattern.days)) out.days = pattern.days.map(scope);
  const makeup = pattern.makeup as { shiftId?: unknown } | undefined;
  if (makeup && typeof makeup.shiftId === 'string') out.makeup = { ...makeup, shiftId: scope(makeup.shiftId) };
  return out;
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
const dept = (ctx: RowContext, ext: string | null) => (ext === null ? null : scopedId(ctx.tenantId, ext));

export const rowMappings: { [K in ChangeKind]: RowMapping<K> } = {
  department: {
    spec: { table: 'departments', key: ['tenant_id', 'external_id'], compare: ['id', 'parent_id', 'name', 'sort_order'] },
    toRow: (c, ctx) => ({ id: scopedId(ctx.tenantId, c.externalId), tenant_id: ctx.tenantId, external_id: c.externalId, parent_id: dept(ctx, c.parentExternalId), name: c.name, sort_order: c.sortOrder }),
  },
  employee: {
    spec: { table: 'employees', key: ['id'], compare: ['name', 'department_id', 'job_number', 'mobile', 'email', 'position', 'status', 'hired_on'] },
    toRow: (c, ctx) => ({
      id: ctx.employee(c.externalUserId), name: c.name, department_id: dept(ctx, c.departmentExternalId), job_number: c.jobNumber, mobile: c.mobile,
      email: c.email, position: c.position, status: c.status, hired_on: c.hiredOn, created_at: ctx.now,
    }),
  },
  shift: {
    spec: { table: 'shifts', key: ['tenant_id', 'external_id'], compare: ['id', 'name', 'definition'] },
    toRow: (c, ctx) => ({ id: scopedId(ctx.tenantId, c.externalId), tenant_id: ctx.tenantId, external_id: c.externalId, name: c.name, definition: JSON.stringify(c.definition) }),
  },
  rule_group: {
    spec: { table: 'rule_groups', key: ['tenant_id', 'external_id'], compare: ['id', 'name', 'timezone', 'calendar_id', 'pattern', 'policy'] },
    toRow: (c, ctx) => ({
      id: scopedId(ctx.tenantId, c.externalId), tenant_id: ctx.tenantId, external_id: c.externalId, name: c.name, timezone: c.timezone ?? ctx.timezone,
      calendar_id: c.calendarId, pattern: JSON.stringify(scopePattern(c.pattern, ctx.tenantId)), policy: json(c.policy),
    }),
  },
  roster: {
    spec: { table: 'rosters', key: ['employee_id', 'work_date'], compare: ['shift_id', 'source', 'tenant_id'] },
    toRow: (c, ctx) => ({
      employee_id: ctx.employee(c.externalUserId), work_date: c.workDate, shift_id: c.shiftExternalId === null ? null : scopedId(ctx.tenantId, c.shiftExternalId),
      source: 'vendor', tenant_id: ctx.tenantId,
    }),
    dirty: (r) => [{ employeeId: r.employee_id as string, workDate: r.work_date as string }],
  },
  calendar_day: {
    spec: { table: 'calendar_days', key: ['calendar', 'date'], compare: ['day_type', 'name'] },
    toRow: (c) => ({ calendar: c.calendar, date: c.date, day_type: c.dayType, name: c.name }),
  },
  punch: {
    spec: {
      table: 'punches',
      key: ['tenant_id', 'source_record_key'],
      compare: ['employee_id', 'at', 'source', 'method', 'location_verdict', 'lat', 'lng', 'datum', 'accuracy_m', 'wifi_name', 'wifi_mac', 'device_sn', 'site_id', 'vendor_verdict', 'raw'],
    },
    toRow: (c, ctx) => ({
      tenant_id: ctx.tenantId, source_record_key: c.sourceRecordKey, employee_id: ctx.employee(c.externalUserId), at: c.at, source: c.source, method: c.method,
      location_verdict: c.locationVerdict, lat: c.lat, lng: c.lng, datum: c.datum, accuracy_m: c.accuracyM, wifi_name: c.wifiName, wifi_mac: c.wifiMac,
      device_sn: c.deviceSn, site_id: c.siteId, vendor_verdict: c.vendorVerdict, raw: json(c.raw), received_at: ctx.now,
    }),
    dirty: (r, ctx) => datesForPunch(r.at as number, ctx.timezone).map((workDate) => ({ employeeId: r.employee_id as string, workDate })),
  },
  request: {
    spec: {
      table: 'requests',
      key: ['tenant_id', 'external_id'],
      compare: ['employee_id', 'type', 'subtype', 'start_at', 'end_at', 'unit', 'duration_minutes', 'status', 'swap_employee_id', 'reason', 'approvers', 'raw', 'submitted_at', 'decided_at'],
    },
    toRow: (c, ctx) => ({
      tenant_id: ctx.tenantId, external_id: c.externalId, employee_id: ctx.employee(c.externalUserId), type: c.type, subtype: c.subtype, start_at: c.startAt,
      end_at: c.endAt, unit: c.unit, duration_minutes: c.durationMinutes, status: c.status,
      swap_employee_id: c.swapExternalUserId === null ? null : ctx.employee(c.swapExternalUserId), reason: c.reason, approvers: JSON.stringify(c.approvers),
      raw: json(c.raw), submitted_at: c.submittedAt, decided_at: c.decidedAt, received_at: ctx.now,
    }),
    dirty: (r, ctx) => {
      const owners = [r.employee_id, r.swap_employee_id].filter((x): x is string => typeof x === 'string');
      return datesForInterval(r.start_at as number, r.end_at as number, ctx.timezone).flatMap((workDate) => owners.map((employeeId) => ({ employeeId, workDate })));
    },
  },
  vendor_day_result: {
    spec: { table: 'vendor_day_results', key: ['tenant_id', 'employee_id', 'work_date'], compare: ['status', 'detail'] },
    toRow: (c, ctx) => ({ tenant_id: ctx.tenantId, employee_id: ctx.employee(c.externalUserId), work_date: c.workDate, status: c.status, detail: json(c.detail), received_at: ctx.now }),
  },
};

/** Every user id a change refers to, so they can be resolved to employees in one query. */
export function referencedUsers(c: ChangeOf<ChangeKind>): string[] {
  switch (c.kind) {
    case 'employee':
    case 'punch':
    case 'roster':
    case 'vendor_day_result':
      return [c.externalUserId];
    case 'request':
      return c.swapExternalUserId ? [c.externalUserId, c.swapExternalUserId] : [c.externalUserId];
    case 'rule_group':
      return c.memberExternalUserIds;
    default:
      return [];
  }
}
