import type { Db } from '../ledger/db.js';
import { ValidationError } from '../errors.js';

/** Who a backtest covers: everyone, or one department with the departments under it. */

export interface ScopedEmployee {
  id: string;
  name: string;
  jobNumber: string | null;
  department: string;
  active: boolean;
  hiredOn: string | null;
  leftOn: string | null;
}

/** Label of employees without a department. */
export const NO_DEPARTMENT = '(none)';

interface DepartmentRow {
  id: string;
  parent_id: string | null;
  name: string;
}

/** The department named (by id or name) and every department below it. */
function subtree(departments: readonly DepartmentRow[], wanted: string): Set<string> {
  const roots = departments.filter((d) => d.id === wanted || d.name === wanted).map((d) => d.id);
  if (roots.length === 0) throw new ValidationError(`No department "${wanted}".`, [{ path: 'department', message: 'no department has this id or name' }]);
  const children = new Map<string, string[]>();
  for (const d of departments) if (d.parent_id !== null) children.set(d.parent_id, [...(children.get(d.parent_id) ?? []), d.id]);
  const out = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** Employees in scope, ordered by job number then id so batches and reports are stable. */
export async function employeesInScope(db: Db, department: string | undefined): Promise<ScopedEmployee[]> {
  const departments = (await db('departments').select('id', 'parent_id', 'name')) as DepartmentRow[];
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const allowed = department === undefined ? null : subtree(departments, department);
  const rows = (await db('employees')
    .select('id', 'name', 'job_number', 'department_id', 'status', 'hired_on', 'left_on')
    .orderBy([{ column: 'job_number' }, { column: 'id' }])) as {
    id: string;
    name: string;
    job_number: string | null;
    department_id: string | null;
    status: string;
    hired_on: string | null;
    left_on: string | null;
  }[];
  return rows
    .filter((e) => allowed === null || (e.department_id !== null && allowed.has(e.department_id)))
    .map((e) => ({
      id: e.id,
      name: e.name,
      jobNumber: e.job_number,
      department: e.department_id === null ? NO_DEPARTMENT : (names.get(e.department_id) ?? e.department_id),
      active: e.status === 'active',
      hiredOn: e.hired_on,
      leftOn: e.left_on,
    }));
}

/** The dates an active employee is expected to have results for, as the nightly sweep sees them. */
export function expectedDates(e: ScopedEmployee, dates: readonly string[]): string[] {
  if (!e.active) return [];
  return dates.filter((d) => !(e.hiredOn && d < e.hiredOn) && !(e.leftOn && d > e.leftOn));
}
