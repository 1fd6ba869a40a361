import type { Policy } from '../../config/schema.js';
import { assignPunchesToWorkDates, parseShift, planRoster, type ParsedDay, type ParsedRequest, type RosterDay, type Shift } from '../rules/index.js';
import type { OvertimePolicy } from '../rules/model/shift.js';
import { DEFAULT_OVERTIME_POLICY, overtimePolicySchema } from '../rules/model/shift.js';
import type { CalendarOverride } from '../rules/calendar/types.js';
import { compileGroup, indexRoster, resolveEmployees, type CompiledGroup, type ResolvedDay, type RosterIndex } from '../rules/resolve/index.js';
import { addDays, localToInstant } from '../rules/time.js';
import { localDate } from '../ledger/dirty.js';
import type { EmployeeRow, GroupRow, PunchRow, RecomputeInputs, RequestRow } from './inputs.js';

/** A day case built from the ledger, with the rows it used. */
export interface BuiltDay {
  employeeId: string;
  day: ParsedDay;
  punchIds: number[];
  requestIds: number[];
}

/** Request types that overlay a day (shift swaps change rosters instead). */
const RULE_REQUEST_TYPES = new Set(['leave', 'time_off', 'overtime', 'correction', 'trip', 'outing', 'field']);

/** Employees without a rule group have no pattern: only roster rows give them shifts. */
const NO_GROUP = '(none)';

interface GroupPolicy {
  overtime?: unknown;
  outOfRange?: 'exception' | 'field' | 'reject';
}

interface Group {
  compiled: CompiledGroup;
  row: GroupRow | null;
  outOfRange: GroupPolicy['outOfRange'];
  /** The group's overtime policy, for days without a shift. */
  overtime: OvertimePolicy;
}

/** Every rule group parsed once per batch, not once per employee. */
function compileAll(inputs: RecomputeInputs): Map<string, Group> {
  const out = new Map<string, Group>();
  out.set(NO_GROUP, { compiled: compileGroup({ kind: 'roster' }), row: null, outOfRange: undefined, overtime: DEFAULT_OVERTIME_POLICY });
  for (const g of inputs.groups.values()) {
    const tenantOverrides = (inputs.tenantOverrides.get(g.tenant_id) ?? []) as CalendarOverride[];
    const policy = g.policy ? (JSON.parse(g.policy) as GroupPolicy) : {};
    out.set(g.id, {
      compiled: compileGroup(JSON.parse(g.pattern) as never, { tenantOverrides }),
      row: g,
      outOfRange: policy.outOfRange,
      overtime: policy.overtime === undefined ? DEFAULT_OVERTIME_POLICY : overtimePolicySchema.parse(policy.overtime),
    });
  }
  return out;
}

function toRequest(r: RequestRow): ParsedRequest {
  const type = r.type === 'time_off' ? 'leave' : r.type;
  const subtype = r.type === 'time_off' ? 'time_off' : (r.subtype ?? r.type);
  return { type: type as ParsedRequest['type'], subtype, start: r.start_at, end: r.end_at, status: 'approved' };
}

/** A resolved day, with the approved swap that put the partner's shift on it. */
export interface ShiftDay extends ResolvedDay {
  swapRequestId: number | null;
}

interface Resolver {
  group(emp: EmployeeRow): Group;
  zone(emp: EmployeeRow): string;
  /** The employee's days from..to: rule group pattern, rosters, calendar, then swaps. */
  days(employeeId: string, from: string, to: string): ShiftDay[];
}

/** One resolution of shifts per batch, shared by recompute, the backtest and the roster view. */
function makeResolver(inputs: RecomputeInputs, defaultTimezone: string): Resolver {
  const groups = compileAll(inputs);
  const rosterIndex: RosterIndex = indexRoster(inputs.rosters.map((r) => ({ employeeId: r.employee_id, date: r.work_date, shiftId: r.shift_id })));
  const group = (emp: EmployeeRow): Group => groups.get(emp.rule_group_id ?? NO_GROUP) ?? (groups.get(NO_GROUP) as Group);
  const zone = (emp: EmployeeRow): string => emp.timezone ?? group(emp).row?.timezone ?? defaultTimezone;
  const own = (employeeId: string, from: string, to: string): ResolvedDay[] => {
    const emp = inputs.employees.get(employeeId);
    return emp ? (resolveEmployees(group(emp).compiled, [{ employeeId }], from, to, rosterIndex).get(employeeId) ?? []) : [];
  };
  // Per employee and date, the partner and the swap. Both sides take the date in the requester's
  // zone so they always agree; a later swap of the same day replaces an earlier one.
  const swaps = new Map<string, Map<string, { partner: string; id: number }>>();
  for (const s of inputs.swaps) {
    const requester = inputs.employees.get(s.employee_id);
    if (!requester) continue;
    const date = localDate(s.start_at, zone(requester));
    for (const [me, partner] of [[s.employee_id, s.swap_employee_id], [s.swap_employee_id, s.employee_id]] as const) {
      const byDate = swaps.get(me) ?? new Map<string, { partner: string; id: number }>();
      byDate.set(date, { partner, id: s.id });
      swaps.set(me, byDate);
    }
  }
  return {
    group,
    zone,
    days: (employeeId, from, to) => {
      const mine = swaps.get(employeeId);
      return own(employeeId, from, to).map((d) => {
        const swap = mine?.get(d.date);
        if (!swap) return { ...d, swapRequestId: null };
        // The partner's shift as resolved without swaps: swaps exchange planned shifts, they do not chain.
        const theirs = own(swap.partner, d.date, d.date)[0];
        return theirs ? { ...d, shiftId: theirs.shiftId, source: 'roster', swapRequestId: swap.id } : { ...d, swapRequestId: null };
      });
    },
  };
}

/** Every employee's resolved shift per day over its span, exactly as recompute judges the days. */
export function resolveShifts(inputs: RecomputeInputs, defaultTimezone: string): Map<string, ShiftDay[]> {
  const resolver = makeResolver(inputs, defaultTimezone);
  return new Map([...inputs.spans].map(([employeeId, span]) => [employeeId, resolver.days(employeeId, span.from, span.to)]));
}

/**
 * Builds the day cases for every requested (employee, work date): the shift from the employee's
 * rule group, rosters, calendar and approved swaps; the punches the windows assign to that work
 * date (a night shift keeps its morning punch); the approved requests around it; the neighbours'
 * boundaries.
 */
export function buildDays(inputs: RecomputeInputs, keys: ReadonlyMap<string, ReadonlySet<string>>, policy: Policy, defaultTimezone: string): BuiltDay[] {
  const resolver = makeResolver(inputs, defaultTimezone);
  const shiftCache = new Map<string, Shift | null>();
  const shiftOf = (id: string | null): Shift | null => {
    if (id === null) return null;
    if (!shiftCache.has(id)) {
      const def = inputs.shifts.get(id);
      shiftCache.set(id, def === undefined ? null : parseShift(JSON.parse(def) as never));
    }
    return shiftCache.get(id) ?? null;
  };
  const out: BuiltDay[] = [];
  for (const [employeeId, span] of inputs.spans) {
    const emp = inputs.employees.get(employeeId);
    if (!emp) continue;
    const group = resolver.group(emp);
    const zone = resolver.zone(emp);
    const resolved = resolver.days(employeeId, addDays(span.from, -1), addDays(span.to, 1));
    const requests = (inputs.requests.get(employeeId) ?? []).filter((q) => RULE_REQUEST_TYPES.has(q.type));
    const parsedRequests = requests.map(toRequest);
    const days: RosterDay[] = resolved.map((r) => ({ date: r.date, shift: shiftOf(r.shiftId), requests: parsedRequests }));
    const punches: PunchRow[] = inputs.punches.get(employeeId) ?? [];
    // One schedule per day, shared by punch assignment and the neighbours of every case.
    const plan = planRoster(zone, days);
    const assigned = assignPunchesToWorkDates({ timezone: zone, days, punches: punches.map((p) => p.at), plan });
    const byDate = new Map<string, PunchRow[]>();
    punches.forEach((p, i) => {
      const date = assigned[i];
      if (!date) return;
      const list = byDate.get(date);
      if (list) list.push(p);
      else byDate.set(date, [p]);
    });
    const wanted = keys.get(employeeId) ?? new Set<string>();
    resolved.forEach((r, index) => {
      if (!wanted.has(r.date)) return;
      const mine = byDate.get(r.date) ?? [];
      const dayStart = localToInstant(addDays(r.date, -1), 0, zone);
      const dayEnd = localToInstant(addDays(r.date, 3), 0, zone);
      const near = requests.filter((q) => q.start_at < dayEnd && q.end_at >= dayStart);
      out.push({
        employeeId,
        punchIds: mine.map((p) => p.id),
        // A swap is an input of both sides' days, so it is listed with the requests it used.
        requestIds: r.swapRequestId === null ? near.map((q) => q.id) : [...near.map((q) => q.id), r.swapRequestId],
        day: {
          timezone: zone,
          date: r.date,
          dayType: r.dayType,
          shift: days[index]?.shift ?? null,
          punches: mine.map((p) => ({ at: p.at, location: p.location_verdict === 'outside' ? 'outside' : 'inside' })),
          requests: near.map(toRequest),
          neighbours: plan.neighbours[index] ?? {},
          overtime: group.overtime,
          outOfRange: group.outOfRange ?? policy.outOfRange,
        },
      });
    });
  }
  return out;
}
