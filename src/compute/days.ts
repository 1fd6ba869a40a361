import type { Policy } from '../../config/schema.js';
import { assignPunchesToWorkDates, parseShift, planRoster, type ParsedDay, type ParsedRequest, type RosterDay, type Shift } from '../rules/index.js';
import type { OvertimePolicy } from '../rules/model/shift.js';
import { DEFAULT_OVERTIME_POLICY, overtimePolicySchema } from '../rules/model/shift.js';
import type { CalendarOverride } from '../rules/calendar/types.js';
import { compileGroup, indexRoster, resolveEmployees, type CompiledGroup, type ResolvedDay } from '../rules/resolve/index.js';
import { addDays, localToInstant } from '../rules/time.js';
import type { GroupRow, PunchRow, RecomputeInputs, RequestRow } from './inputs.js';

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

/**
 * Builds the day cases for every requested (employee, work date): the shift from the employee's
 * rule group, rosters and calendar; the punches the windows assign to that work date (a night
 * shift keeps its morning punch); the approved requests around it; the neighbours' boundaries.
 */
export function buildDays(inputs: RecomputeInputs, keys: ReadonlyMap<string, ReadonlySet<string>>, policy: Policy, defaultTimezone: string): BuiltDay[] {
  const groups = compileAll(inputs);
  const rosterIndex = indexRoster(inputs.rosters.map((r) => ({ employeeId: r.employee_id, date: r.work_date, shiftId: r.shift_id })));
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
    const group = groups.get(emp.rule_group_id ?? NO_GROUP) ?? (groups.get(NO_GROUP) as Group);
    const zone = emp.timezone ?? group.row?.timezone ?? defaultTimezone;
    const from = addDays(span.from, -1);
    const to = addDays(span.to, 1);
    const resolved: ResolvedDay[] = resolveEmployees(group.compiled, [{ employeeId }], from, to, rosterIndex).get(employeeId) ?? [];
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
        requestIds: near.map((q) => q.id),
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
