import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';
import { EVERYONE } from '../auth/roles.js';
import { departmentTree, requireDepartmentInScope, requireEmployeeInScope, scopeOf, whereInScope } from '../auth/scope.js';
import { defineRoute, type ApiDeps } from '../registry.js';
import { departmentId, employeeId, page } from '../schemas.js';

/** Mobiles are deliberately absent: the API has no use for them and they are personal data. */
export const employeeView = z
  .object({
    id: z.string(),
    name: z.string(),
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    jobNumber: z.string().nullable(),
    email: z.string().nullable(),
    position: z.string().nullable(),
    status: z.string(),
    ruleGroupId: z.string().nullable(),
    timezone: z.string().describe('resolved: the employee’s, else the rule group’s, else the default'),
    hiredOn: z.string().nullable(),
    leftOn: z.string().nullable(),
  })
  .meta({ id: 'Employee' });
export type EmployeeView = z.infer<typeof employeeView>;

interface EmployeeRow {
  id: string;
  name: string;
  department_id: string | null;
  department_name: string | null;
  job_number: string | null;
  email: string | null;
  position: string | null;
  status: string;
  rule_group_id: string | null;
  timezone: string | null;
  group_timezone: string | null;
  hired_on: string | null;
  left_on: string | null;
}

export function employeeQuery(db: Db) {
  return db('employees as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .leftJoin('rule_groups as g', 'g.id', 'e.rule_group_id')
    .select('e.id', 'e.name', 'e.department_id', 'd.name as department_name', 'e.job_number', 'e.email', 'e.position', 'e.status', 'e.rule_group_id', 'e.timezone', 'g.timezone as group_timezone', 'e.hired_on', 'e.left_on');
}

export function toEmployeeView(r: EmployeeRow, defaultZone: string): EmployeeView {
  return {
    id: r.id, name: r.name, departmentId: r.department_id, departmentName: r.department_name, jobNumber: r.job_number, email: r.email, position: r.position,
    status: r.status, ruleGroupId: r.rule_group_id, timezone: r.timezone ?? r.group_timezone ?? defaultZone, hiredOn: r.hired_on, leftOn: r.left_on,
  };
}

export async function loadEmployee(deps: ApiDeps, id: string): Promise<EmployeeView | null> {
  const row = (await employeeQuery(deps.db).where('e.id', id).first()) as EmployeeRow | undefined;
  return row === undefined ? null : toEmployeeView(row, deps.config.timezone);
}

/** `%` and `_` in a search term are literal, not wildcards (`!` escapes: a backslash means different things in SQLite and MySQL). */
function likeTerm(q: string): string {
  return `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

const listQuery = z.strictObject({
  department: departmentId.optional().describe('this department and its sub-departments'),
  q: z.string().min(1).max(100).optional().describe('part of the name or job number'),
  status: z.enum(['active', 'left']).optional(),
  ...page,
});

export const listEmployees = defineRoute({
  id: 'listEmployees',
  method: 'get',
  path: '/employees',
  summary: 'Employees in the caller’s scope',
  roles: EVERYONE,
  query: listQuery,
  response: z.object({ employees: z.array(employeeView) }),
  async handler({ principal, query, deps }) {
    const { db } = deps;
    const scope = await scopeOf(db, principal);
    const q = employeeQuery(db);
    whereInScope(db, q, scope, 'e.id');
    if (query.department !== undefined) {
      requireDepartmentInScope(scope, query.department);
      q.whereIn('e.department_id', await departmentTree(db, [query.department]));
    }
    if (query.q !== undefined) {
      const term = likeTerm(query.q);
      q.where((w) => w.whereRaw("e.name like ? escape '!'", [term]).orWhereRaw("e.job_number like ? escape '!'", [term]));
    }
    if (query.status !== undefined) q.where('e.status', query.status);
    const rows = (await q.orderBy([{ column: 'e.name' }, { column: 'e.id' }]).limit(query.limit).offset(query.offset)) as EmployeeRow[];
    return { employees: rows.map((r) => toEmployeeView(r, deps.config.timezone)) };
  },
});

export const getEmployee = defineRoute({
  id: 'getEmployee',
  method: 'get',
  path: '/employees/:id',
  summary: 'One employee with their vendor identities',
  roles: EVERYONE,
  params: z.strictObject({ id: employeeId }),
  response: employeeView.extend({ identities: z.array(z.object({ tenantId: z.string(), externalUserId: z.string() })) }),
  async handler({ principal, params, deps }) {
    await requireEmployeeInScope(deps.db, await scopeOf(deps.db, principal), params.id);
    const employee = await loadEmployee(deps, params.id);
    if (employee === null) throw new AppError('not_found', 'No such employee.');
    const identities = (await deps.db('employee_identities').select('tenant_id', 'external_user_id').where('employee_id', params.id).orderBy('tenant_id')) as {
      tenant_id: string;
      external_user_id: string;
    }[];
    return { ...employee, identities: identities.map((i) => ({ tenantId: i.tenant_id, externalUserId: i.external_user_id })) };
  },
});
