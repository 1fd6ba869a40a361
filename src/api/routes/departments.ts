import { z } from 'zod';
import { EVERYONE } from '../auth/roles.js';
import { scopeOf } from '../auth/scope.js';
import { defineRoute } from '../registry.js';

interface DepartmentNode {
  id: string;
  name: string;
  parentId: string | null;
  children: DepartmentNode[];
}

const departmentNode: z.ZodType<DepartmentNode> = z
  .object({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    get children() {
      return z.array(departmentNode);
    },
  })
  .meta({ id: 'Department' });

interface DepartmentRow {
  id: string;
  name: string;
  parent_id: string | null;
  sort_order: number;
}

/** Nests the visible departments; one whose parent is not visible becomes a root. */
export function buildTree(rows: readonly DepartmentRow[], visible: (id: string) => boolean): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>();
  const shown = rows.filter((r) => visible(r.id));
  for (const r of shown) nodes.set(r.id, { id: r.id, name: r.name, parentId: r.parent_id, children: [] });
  const roots: DepartmentNode[] = [];
  for (const r of shown) {
    const node = nodes.get(r.id) as DepartmentNode;
    const parent = r.parent_id === null ? undefined : nodes.get(r.parent_id);
    if (parent !== undefined && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export const listDepartments = defineRoute({
  id: 'listDepartments',
  method: 'get',
  path: '/departments',
  summary: 'The department tree in the caller’s scope (an employee sees their own department)',
  roles: EVERYONE,
  response: z.object({ departments: z.array(departmentNode) }),
  async handler({ principal, deps }) {
    const { db } = deps;
    const rows = (await db('departments').select('id', 'name', 'parent_id', 'sort_order').orderBy([{ column: 'sort_order' }, { column: 'name' }, { column: 'id' }])) as DepartmentRow[];
    const scope = await scopeOf(db, principal);
    if (scope.all) return { departments: buildTree(rows, () => true) };
    const visible = new Set(scope.departmentIds);
    if (principal.role === 'employee' && principal.employeeId !== null) {
      const me = (await db('employees').select('department_id').where('id', principal.employeeId).first()) as { department_id: string | null } | undefined;
      if (me?.department_id) visible.add(me.department_id);
    }
    return { departments: buildTree(rows, (id) => visible.has(id)) };
  },
});
