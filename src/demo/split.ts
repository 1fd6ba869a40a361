import type { SandboxCompany } from '../sandbox/company.js';

/**
 * Splits one generated company in two, as after a merger: the departments of the shallowest
 * level that has two or more (and their subtrees) run on one vendor each, alternating. Each
 * half keeps the departments above that level, its own departments, people, groups, punches and
 * approvals; an approver from the other half is replaced by the half's first employee so every
 * approval names a member of its own tenant.
 */
export function splitCompany(company: SandboxCompany): [SandboxCompany, SandboxCompany] {
  const root = company.departments.find((d) => d.parentId === null);
  if (root === undefined) throw new Error('company has no root department');
  const side = new Map<number, 0 | 1>([[root.id, 0]]);
  const shared = new Set<number>([root.id]);
  let level = [root.id];
  for (;;) {
    const next = company.departments.filter((d) => d.parentId !== null && level.includes(d.parentId)).map((d) => d.id);
    if (next.length === 0) break;
    if (next.length >= 2) {
      next.forEach((id, i) => side.set(id, (i % 2) as 0 | 1));
      break;
    }
    for (const id of next) {
      side.set(id, 0);
      shared.add(id);
    }
    level = next;
  }
  const parentOf = new Map(company.departments.map((d) => [d.id, d.parentId]));
  const sideOf = (id: number): 0 | 1 => {
    let cur: number | null | undefined = id;
    while (cur !== null && cur !== undefined && !side.has(cur)) cur = parentOf.get(cur);
    return cur === null || cur === undefined ? 0 : (side.get(cur) as 0 | 1);
  };
  // A small company may be one chain of departments: then people alternate and share the chain.
  const byDepartment = new Set(company.employees.map((e) => sideOf(e.departmentId))).size === 2;
  const sideOfEmployee = new Map(company.employees.map((e, i) => [e.key, byDepartment ? sideOf(e.departmentId) : ((i % 2) as 0 | 1)]));
  if (!byDepartment) for (const d of company.departments) shared.add(d.id);
  const half = (which: 0 | 1): SandboxCompany => {
    const employees = company.employees.filter((e) => sideOfEmployee.get(e.key) === which);
    const keys = new Set(employees.map((e) => e.key));
    const fallback = employees[0]?.key ?? '';
    return {
      ...company,
      departments: company.departments.filter((d) => shared.has(d.id) || sideOf(d.id) === which),
      employees,
      groups: company.groups.map((g) => ({ ...g, employeeKeys: g.employeeKeys.filter((k) => keys.has(k)) })).filter((g) => g.employeeKeys.length > 0),
      punches: company.punches.filter((p) => keys.has(p.employeeKey)),
      approvals: company.approvals.filter((a) => keys.has(a.employeeKey)).map((a) => (keys.has(a.approverKey) ? a : { ...a, approverKey: fallback })),
    };
  };
  return [half(0), half(1)];
}
