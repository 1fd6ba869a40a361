import type { Knex } from 'knex';
import { z } from 'zod';
import type { DayResult } from '../../rules/index.js';
import type { Principal } from '../auth/roles.js';
import { EVERYONE } from '../auth/roles.js';
import { departmentTree, requireDepartmentInScope, requireEmployeeInScope, scopeOf, whereInScope } from '../auth/scope.js';
import { dayResultSchema } from '../dayResult.js';
import { defineRoute, type ApiDeps } from '../registry.js';
import { departmentId, employeeId, page, rangeQuery } from '../schemas.js';

interface DayRow {
  employee_id: string;
  employee_name: string;
  department_id: string | null;
  work_date: string;
  version: number;
  result: string;
}

const filters = { employee: employeeId.optional(), department: departmentId.optional().describe('this department and its sub-departments'), ...page };

/** Current day results in the caller's scope, filtered by employee, department tree and dates. */
async function scopedDays(
  deps: ApiDeps,
  principal: Principal,
  query: { employee?: string | undefined; department?: string | undefined; from: string; to: string; limit: number; offset: number },
  narrow: (q: Knex.QueryBuilder) => void,
): Promise<DayRow[]> {
  const { db } = deps;
  const scope = await scopeOf(db, principal);
  if (query.employee !== undefined) await requireEmployeeInScope(db, scope, query.employee);
  const q = db('day_results as r')
    .join('employees as e', 'e.id', 'r.employee_id')
    .select('r.employee_id', 'e.name as employee_name', 'e.department_id', 'r.work_date', 'r.version', 'r.result')
    .whereBetween('r.work_date', [query.from, query.to]);
  whereInScope(db, q, scope, 'r.employee_id');
  if (query.employee !== undefined) q.where('r.employee_id', query.employee);
  if (query.department !== undefined) {
    requireDepartmentInScope(scope, query.department);
    q.whereIn('e.department_id', await departmentTree(db, [query.department]));
  }
  narrow(q);
  return (await q.orderBy([{ column: 'r.employee_id' }, { column: 'r.work_date' }]).limit(query.limit).offset(query.offset)) as DayRow[];
}

const dayView = dayResultSchema.extend({ employeeId: z.string(), employeeName: z.string(), departmentId: z.string().nullable(), version: z.number() }).meta({ id: 'DayResult' });

export const listDayResults = defineRoute({
  id: 'listDayResults',
  method: 'get',
  path: '/day-results',
  summary: 'Current day results (status, minutes, checkpoints, reasons) by employee, department and dates',
  roles: EVERYONE,
  query: rangeQuery({ ...filters, status: dayResultSchema.shape.status.optional() }, 366),
  response: z.object({ dayResults: z.array(dayView) }),
  async handler({ principal, query, deps }) {
    const rows = await scopedDays(deps, principal, query, (q) => {
      if (query.status !== undefined) q.where('r.status', query.status);
    });
    return {
      dayResults: rows.map((r) => ({ ...(JSON.parse(r.result) as DayResult), employeeId: r.employee_id, employeeName: r.employee_name, departmentId: r.department_id, version: Number(r.version) })),
    };
  },
});

const exceptionView = dayResultSchema
  .pick({ date: true, status: true, dayType: true, lateMinutes: true, earlyMinutes: true, missingCount: true, absentMinutes: true, checkpoints: true, reasons: true })
  .extend({ employeeId: z.string(), employeeName: z.string(), departmentId: z.string().nullable() })
  .meta({ id: 'DayException' });

export const listExceptions = defineRoute({
  id: 'listExceptions',
  method: 'get',
  path: '/exceptions',
  summary: 'Days whose status is exception or absent, with their reasons',
  roles: EVERYONE,
  query: rangeQuery(filters, 366),
  response: z.object({ exceptions: z.array(exceptionView) }),
  async handler({ principal, query, deps }) {
    const rows = await scopedDays(deps, principal, query, (q) => q.whereIn('r.status', ['exception', 'absent']));
    return {
      exceptions: rows.map((row) => {
        const r = JSON.parse(row.result) as DayResult;
        return {
          employeeId: row.employee_id, employeeName: row.employee_name, departmentId: row.department_id, date: r.date, status: r.status, dayType: r.dayType,
          lateMinutes: r.lateMinutes, earlyMinutes: r.earlyMinutes, missingCount: r.missingCount, absentMinutes: r.absentMinutes, checkpoints: r.checkpoints, reasons: r.reasons,
        };
      }),
    };
  },
});
