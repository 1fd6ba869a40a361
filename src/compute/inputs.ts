import type { Db } from '../ledger/db.js';
import { addDays, localToInstant } from '../rules/time.js';
import type { DayKey } from '../ledger/model.js';

/** Everything recompute needs for a set of employees and dates, loaded in a few bulk queries. */
export interface EmployeeRow {
  id: string;
  rule_group_id: string | null;
  timezone: string | null;
}
export interface GroupRow {
  id: string;
  tenant_id: string;
  timezone: string;
  pattern: string;
  policy: string | null;
}
export interface PunchRow {
  id: number;
  employee_id: string;
  at: number;
  location_verdict: string;
}
export interface RequestRow {
  id: number;
  employee_id: string;
  type: string;
  subtype: string | null;
  start_at: number;
  end_at: number;
  status: string;
}
/** An approved shift swap: on the work date of `start_at` the two employees work each other's shift. */
export interface SwapRow {
  id: number;
  employee_id: string;
  swap_employee_id: string;
  start_at: number;
}
export interface RosterRow {
  employee_id: string;
  work_date: string;
  shift_id: string | null;
}

export interface RecomputeInputs {
  employees: Map<string, EmployeeRow>;
  groups: Map<string, GroupRow>;
  shifts: Map<string, string>;
  rosters: RosterRow[];
  tenantOverrides: Map<string, { date: string; dayType: string; name: string | null }[]>;
  punches: Map<string, PunchRow[]>;
  requests: Map<string, RequestRow[]>;
  /** Approved swaps either side of which is a requested employee, oldest first. */
  swaps: SwapRow[];
  /** Per employee, the first and last date any key asks for. */
  spans: Map<string, { from: string; to: string }>;
}

const CHUNK = 400;

async function inChunks<T>(ids: readonly string[], load: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * Loads the inputs of the given day keys. Dates are widened by one day each way, because a
 * day's neighbours move its windows and a night shift's punches arrive on the next date.
 */
export async function loadInputs(db: Db, keys: readonly DayKey[]): Promise<RecomputeInputs> {
  const spans = new Map<string, { from: string; to: string }>();
  for (const k of keys) {
    const s = spans.get(k.employeeId);
    if (!s) spans.set(k.employeeId, { from: k.workDate, to: k.workDate });
    else {
      if (k.workDate < s.from) s.from = k.workDate;
      if (k.workDate > s.to) s.to = k.workDate;
    }
  }
  const ids = [...spans.keys()];
  const dates = keys.map((k) => k.workDate).sort();
  const from = addDays(dates[0] ?? '1970-01-01', -1);
  const to = addDays(dates[dates.length - 1] ?? '1970-01-01', 1);
  // Instants bounding every zone's local days (±14 h covers all offsets), with a day for night shifts.
  const fromAt = localToInstant(from, 0, 'UTC') - 14 * 3_600_000;
  const toAt = localToInstant(addDays(to, 2), 0, 'UTC') + 14 * 3_600_000;

  const swaps = await loadSwaps(db, ids, fromAt, toAt);
  // A swap partner outside the batch still needs its own shift resolved for the swapped date.
  const people = [...new Set([...ids, ...swaps.flatMap((s) => [s.employee_id, s.swap_employee_id])])];
  const employees = await inChunks(people, (part) => db('employees').select('id', 'rule_group_id', 'timezone').whereIn('id', part) as Promise<EmployeeRow[]>);
  const groupIds = [...new Set(employees.map((e) => e.rule_group_id).filter((g): g is string => g !== null))];
  const groups = await inChunks(groupIds, (part) => db('rule_groups').select('id', 'tenant_id', 'timezone', 'pattern', 'policy').whereIn('id', part) as Promise<GroupRow[]>);
  const rosters = await inChunks(people, (part) => db('rosters').select('employee_id', 'work_date', 'shift_id').whereIn('employee_id', part).whereBetween('work_date', [from, to]) as Promise<RosterRow[]>);
  const tenants = [...new Set(groups.map((g) => g.tenant_id))];
  const overrides = await inChunks(tenants, (part) => db('calendar_days').select('calendar', 'date', 'day_type', 'name').whereIn('calendar', part) as Promise<{ calendar: string; date: string; day_type: string; name: string | null }[]>);
  const punches = await inChunks(ids, (part) =>
    db('punches').select('id', 'employee_id', 'at', 'location_verdict').whereIn('employee_id', part).whereBetween('at', [fromAt, toAt]).orderBy('at') as Promise<PunchRow[]>,
  );
  const requests = await inChunks(ids, (part) =>
    db('requests')
      .select('id', 'employee_id', 'type', 'subtype', 'start_at', 'end_at', 'status')
      .whereIn('employee_id', part)
      .where('status', 'approved')
      .where('start_at', '<', toAt)
      .where('end_at', '>=', fromAt) as Promise<RequestRow[]>,
  );
  const shiftIds = new Set<string>();
  for (const r of rosters) if (r.shift_id) shiftIds.add(r.shift_id);
  for (const g of groups) for (const id of patternShiftIds(JSON.parse(g.pattern) as unknown)) shiftIds.add(id);
  const shifts = await inChunks([...shiftIds], (part) => db('shifts').select('id', 'definition').whereIn('id', part) as Promise<{ id: string; definition: string }[]>);
  return {
    employees: new Map(employees.map((e) => [e.id, e])),
    groups: new Map(groups.map((g) => [g.id, g])),
    shifts: new Map(shifts.map((s) => [s.id, s.definition])),
    rosters,
    tenantOverrides: new Map([...groupBy(overrides, (o) => o.calendar)].map(([k, v]) => [k, v.map((o) => ({ date: o.date, dayType: o.day_type, name: o.name }))])),
    punches: groupBy(punches.map((p) => ({ ...p, at: Number(p.at) })), (p) => p.employee_id),
    requests: groupBy(requests.map((r) => ({ ...r, start_at: Number(r.start_at), end_at: Number(r.end_at) })), (r) => r.employee_id),
    swaps,
    spans,
  };
}

/** Approved swaps touching the employees, either as requester or as partner. */
async function loadSwaps(db: Db, ids: readonly string[], fromAt: number, toAt: number): Promise<SwapRow[]> {
  const rows = await inChunks([...ids], (part) =>
    db('requests')
      .select('id', 'employee_id', 'swap_employee_id', 'start_at')
      .where({ type: 'swap', status: 'approved' })
      .whereNotNull('swap_employee_id')
      .where((q) => q.whereIn('employee_id', part).orWhereIn('swap_employee_id', part))
      .whereBetween('start_at', [fromAt, toAt]) as Promise<SwapRow[]>,
  );
  // A swap between two employees of the batch can come back from two chunks.
  const unique = new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id), start_at: Number(r.start_at) }]));
  return [...unique.values()].sort((a, b) => a.id - b.id);
}

/** Shift ids a stored rule-group pattern refers to. */
export function patternShiftIds(pattern: unknown): string[] {
  const p = pattern as { week?: Record<string, string | null>; days?: (string | null)[]; makeup?: { shiftId?: string } };
  const ids = [...Object.values(p.week ?? {}), ...(p.days ?? []), p.makeup?.shiftId ?? null];
  return ids.filter((x): x is string => typeof x === 'string');
}
