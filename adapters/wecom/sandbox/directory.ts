import type { SandboxCompany, SandboxEmployee } from '../../../src/sandbox/company.js';
import { shiftKeyFor, type Group, type Shift } from '../../../src/sandbox/schedule.js';
import { WecomError } from './http.js';
import type { WecomSandboxState } from './state.js';

/**
 * Vendor ids for company objects: rule `groupid` = group position + 1, shift `schedule_id` =
 * shift position + 1 (0 means rest in WeCom), userid = employee key, department id = id.
 */
export function groupIdOf(company: SandboxCompany, key: string): number {
  return company.groups.findIndex((g) => g.key === key) + 1;
}
export function scheduleIdOf(company: SandboxCompany, key: string): number {
  return company.shifts.findIndex((s) => s.key === key) + 1;
}
export function shiftById(company: SandboxCompany, id: number): Shift | undefined {
  return company.shifts[id - 1];
}

export function employeeOr60111(state: WecomSandboxState, userid: string): SandboxEmployee {
  const e = state.employees.get(userid);
  if (!e) throw new WecomError(60111, `userid not found: ${userid}`);
  return e;
}

export function groupOf(state: WecomSandboxState, e: SandboxEmployee): Group {
  const g = state.company.groups.find((x) => x.key === e.groupKey);
  if (!g) throw new WecomError(-1, 'system busy');
  return g;
}

/** The shift an employee works on a date, with setcheckinschedulist overrides applied. */
export function shiftOn(state: WecomSandboxState, e: SandboxEmployee, date: string): Shift | null {
  const override = state.scheduleOverrides.get(`${e.key}|${date}`);
  const key = override !== undefined ? override : shiftKeyFor(groupOf(state, e), date, state.holidayKinds);
  return key === null ? null : (state.company.shifts.find((s) => s.key === key) ?? null);
}

/** "Company/Function/Team" for `departs_name`. */
export function departmentPath(company: SandboxCompany, id: number): string {
  const byId = new Map(company.departments.map((d) => [d.id, d]));
  const names: string[] = [];
  for (let d = byId.get(id); d; d = d.parentId === null ? undefined : byId.get(d.parentId)) names.unshift(d.name);
  return names.join('/');
}

/** The department and all its descendants. */
export function subtree(company: SandboxCompany, rootId: number): SandboxCompany['departments'] {
  const children = new Map<number, number[]>();
  for (const d of company.departments) if (d.parentId !== null) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  const ids = new Set<number>();
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return company.departments.filter((d) => ids.has(d.id));
}
