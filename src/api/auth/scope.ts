import type { Knex } from 'knex';
import { AppError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';
import { ORGANISATION_WIDE, type Principal } from './roles.js';

/**
 * What a principal may see. Organisation-wide roles see everything; an employee sees only their
 * own records; a manager sees their own records and every employee of their department trees.
 */
export type Scope = { all: true } | { all: false; employeeIds: readonly string[]; departmentIds: readonly string[] };

/** The departments under `roots` (roots included), following departments.parent_id. */
export async function departmentTree(db: Db | Knex.Transaction, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows = (await db('departments').select('id', 'parent_id')) as { id: string; parent_id: string | null }[];
  const children = new Map<string, string[]>();
  for (const r of rows) if (r.parent_id !== null) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
  const seen = new Set<string>();
  const queue = [...roots];
  // The seen-set also guards against a parent_id cycle in vendor data.
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return [...seen];
}

export async function scopeOf(db: Db | Knex.Transaction, p: Principal): Promise<Scope> {
  if (ORGANISATION_WIDE.has(p.role)) return { all: true };
  const own = p.employeeId === null ? [] : [p.employeeId];
  if (p.role === 'employee') return { all: false, employeeIds: own, departmentIds: [] };
  const roots = p.departmentId === null ? [] : [p.departmentId];
  if (p.employeeId !== null) {
    const me = (await db('employees').select('department_id').where('id', p.employeeId).first()) as { department_id: string | null } | undefined;
    if (me?.department_id) roots.push(me.department_id);
  }
  return { all: false, employeeIds: own, departmentIds: await departmentTree(db, roots) };
}

/** Restricts a query to rows whose `column` names an employee in scope. */
export function whereInScope(db: Db | Knex.Transaction, q: Knex.QueryBuilder, scope: Scope, column: string): Knex.QueryBuilder {
  if (scope.all) return q;
  const { employeeIds, departmentIds } = scope;
  return q.where((w) => {
    w.whereIn(column, [...employeeIds]);
    if (departmentIds.length > 0) w.orWhereIn(column, db('employees').select('id').whereIn('department_id', [...departmentIds]));
  });
}

/** Whether `employeeId` is in scope; for a limited scope an unknown employee is simply not in it. */
export async function employeeInScope(db: Db | Knex.Transaction, scope: Scope, employeeId: string): Promise<boolean> {
  if (scope.all || scope.employeeIds.includes(employeeId)) return true;
  if (scope.departmentIds.length === 0) return false;
  const row = (await db('employees').select('id').where('id', employeeId).whereIn('department_id', [...scope.departmentIds]).first()) as unknown;
  return row !== undefined;
}

/** 403 when out of scope, with the same answer whether or not the employee exists. */
export async function requireEmployeeInScope(db: Db | Knex.Transaction, scope: Scope, employeeId: string): Promise<void> {
  if (!(await employeeInScope(db, scope, employeeId))) throw new AppError('forbidden');
}

/** 403 when a department filter names a department outside a manager's trees. */
export function requireDepartmentInScope(scope: Scope, departmentId: string): void {
  if (!scope.all && !scope.departmentIds.includes(departmentId)) throw new AppError('forbidden');
}
