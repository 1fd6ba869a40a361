import type { Knex } from 'knex';
import type { Principal } from '../api/auth/roles.js';
import { departmentTree, requireDepartmentInScope, scopeOf, whereInScope, type Scope } from '../api/auth/scope.js';
import type { Db } from '../ledger/db.js';

/** Whose rows a report shows: the caller's scope, optionally narrowed to a department tree. */
export interface ReportFilter {
  scope: Scope;
  departmentIds?: readonly string[];
}

/** The whole organisation: what HR, the CLI and scheduled delivery see. */
export const WHOLE_ORGANISATION: ReportFilter = { scope: { all: true } };

/** The caller's filter; a department outside a manager's trees is 403, as everywhere in the API. */
export async function reportFilter(db: Db, principal: Principal, department?: string): Promise<ReportFilter> {
  const scope = await scopeOf(db, principal);
  if (department === undefined) return { scope };
  requireDepartmentInScope(scope, department);
  return { scope, departmentIds: await departmentTree(db, [department]) };
}

/** For a CLI or job: the organisation, optionally one department tree (an unknown one is simply empty). */
export async function organisationFilter(db: Db, department?: string): Promise<ReportFilter> {
  return department === undefined ? WHOLE_ORGANISATION : { ...WHOLE_ORGANISATION, departmentIds: await departmentTree(db, [department]) };
}

/** Restricts a query on employees (`column` holds the employee id; `e.department_id` must be joinable as `departmentColumn`). */
export function applyFilter(db: Db | Knex.Transaction, q: Knex.QueryBuilder, f: ReportFilter, column: string, departmentColumn: string): Knex.QueryBuilder {
  whereInScope(db, q, f.scope, column);
  if (f.departmentIds !== undefined) q.whereIn(departmentColumn, [...f.departmentIds]);
  return q;
}

/** The ids of the employees a filter lets through. */
export async function filteredEmployeeIds(db: Db, f: ReportFilter): Promise<Set<string>> {
  const rows = (await applyFilter(db, db('employees as e').select('e.id'), f, 'e.id', 'e.department_id')) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}
