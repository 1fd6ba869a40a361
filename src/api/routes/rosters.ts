import { z } from 'zod';
import { resolveShifts, type ShiftDay } from '../../compute/days.js';
import { loadInputs } from '../../compute/inputs.js';
import type { DayKey } from '../../ledger/model.js';
import { monthRange, monthSchema } from '../../periods/month.js';
import { addDays } from '../../rules/time.js';
import { EVERYONE } from '../auth/roles.js';
import { departmentTree, requireDepartmentInScope, scopeOf, whereInScope } from '../auth/scope.js';
import { defineRoute } from '../registry.js';
import { departmentId, page } from '../schemas.js';

const rosterDay = z
  .object({
    date: z.string(),
    dayType: z.string(),
    shiftId: z.string().nullable().describe('null: rest'),
    shiftName: z.string().nullable(),
    source: z.enum(['roster', 'pattern', 'calendar', 'none']).describe('what decided the shift; an approved swap counts as roster'),
    swapped: z.boolean().describe('an approved shift swap put the partner’s shift on this day'),
  })
  .meta({ id: 'RosterDay' });

const rosterView = z
  .object({ employeeId: z.string(), employeeName: z.string(), departmentId: z.string().nullable(), days: z.array(rosterDay) })
  .meta({ id: 'Roster' });

interface EmployeeRow {
  id: string;
  name: string;
  department_id: string | null;
}

/**
 * Each employee's shift per day of a month, resolved by the very code recompute judges days
 * with (pattern, rosters, calendar, swaps), so the plan shown is the plan applied.
 */
export const listRosters = defineRoute({
  id: 'listRosters',
  method: 'get',
  path: '/rosters',
  summary: 'The resolved shift of every employee in scope for each day of a month',
  roles: EVERYONE,
  query: z.strictObject({ month: monthSchema, department: departmentId.optional().describe('this department and its sub-departments'), ...page }),
  response: z.object({ month: z.string(), rosters: z.array(rosterView) }),
  async handler({ principal, query, deps }) {
    const { db } = deps;
    const { from, to } = monthRange(query.month);
    const scope = await scopeOf(db, principal);
    const q = db('employees').select('id', 'name', 'department_id');
    whereInScope(db, q, scope, 'id');
    if (query.department !== undefined) {
      requireDepartmentInScope(scope, query.department);
      q.whereIn('department_id', await departmentTree(db, [query.department]));
    }
    // Who was employed at some point of the month.
    q.where((w) => w.whereNull('hired_on').orWhere('hired_on', '<=', to)).where((w) => w.whereNull('left_on').orWhere('left_on', '>=', from));
    const employees = (await q.orderBy('id').limit(query.limit).offset(query.offset)) as EmployeeRow[];
    const dates: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
    const keys: DayKey[] = employees.flatMap((e) => dates.map((workDate) => ({ employeeId: e.id, workDate })));
    const resolved = keys.length === 0 ? new Map<string, ShiftDay[]>() : resolveShifts(await loadInputs(db, keys), deps.config.timezone);
    const shiftIds = [...new Set([...resolved.values()].flatMap((days) => days.map((d) => d.shiftId)).filter((id): id is string => id !== null))];
    const names = new Map<string, string>();
    for (let i = 0; i < shiftIds.length; i += 400) {
      const rows = (await db('shifts').select('id', 'name').whereIn('id', shiftIds.slice(i, i + 400))) as { id: string; name: string }[];
      for (const r of rows) names.set(r.id, r.name);
    }
    return {
      month: query.month,
      rosters: employees.map((e) => ({
        employeeId: e.id,
        employeeName: e.name,
        departmentId: e.department_id,
        days: (resolved.get(e.id) ?? []).map((d) => ({
          date: d.date,
          dayType: d.dayType,
          shiftId: d.shiftId,
          shiftName: d.shiftId === null ? null : (names.get(d.shiftId) ?? null),
          source: d.source,
          swapped: d.swapRequestId !== null,
        })),
      })),
    };
  },
});
