import type { SandboxCompany } from '../sandbox/company.js';

/**
 * Splits one generated company in two, as after a merger: each top-level department (and its
 * subtree) runs on one vendor, alternating. Each half keeps the root, its own departments,
 * people, groups, punches and approvals; an approver from the other half is replaced by the
 * half's first employee so every approval names a member of its own tenant.
 */
export function splitCompany(company: SandboxCompany): [SandboxCompany, SandboxCompany] {
  const root = company.departments.find((d) => d.parentId === null);
  if (root === undefined) throw new Error('company has no root department');
  const top = company.departments.filter((d) => d.parentId === root.id).map((d) => d.id);
  const side = new Map<number, 0 | 1>([[root.id, 0]]);
  top.forEach((id, i) => side.set(id, (i % 2) as 0 | 1));
  const parentOf = new Map(company.departments.map((d) => [d.id, d.parentId]));
  const sideOf = (id: number): 0 | 1 => {
    let cur: number | null | undefined = id;
    while (cur !== null && cur !== undefined && !side.has(cur)) cur = parentOf.get(cur);
    return cur === null || cur === undefined ? 0 : (side.get(cur) as 0 | 1);
  };
  const half = (which: 0 | 1): SandboxCompany => {
    const employees = company.employees.filter((e) => sideOf(e.departmentId) === which);
    const keys = new Set(employees.map((e) => e.key));
    const fallback = employees[0]?.key ?? '';
    return {
      ...company,
      departments: company.departments.filter((d) => d.id === root.id || sideOf(d.id) === which),
      employees,
      groups: company.groups.map((g) => ({ ...g, employeeKeys: g.employeeKeys.filter((k) => keys.has(k)) })).filter((g) => g.employeeKeys.length > 0),
      punches: company.punches.filter((p) => keys.has(p.employeeKey)),
      approvals: company.approvals.filter((a) => keys.has(a.employeeKey)).map((a) => (keys.has(a.approverKey) ? a : { ...a, approverKey: fallback })),
    };
  };
  return [half(0), half(1)];
}
