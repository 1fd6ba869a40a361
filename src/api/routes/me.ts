import { z } from 'zod';
import { ROLES, EVERYONE } from '../auth/roles.js';
import { scopeOf } from '../auth/scope.js';
import { defineRoute } from '../registry.js';
import { employeeView, loadEmployee } from './employees.js';

export const getMe = defineRoute({
  id: 'getMe',
  method: 'get',
  path: '/me',
  summary: 'The caller: token, role, employee record and the departments in scope',
  roles: EVERYONE,
  response: z.object({
    tokenId: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    employee: employeeView.nullable(),
    scope: z.object({
      organisation: z.boolean().describe('true when the role sees the whole organisation'),
      departmentIds: z.array(z.string()),
    }),
  }),
  async handler({ principal, deps }) {
    const scope = await scopeOf(deps.db, principal);
    return {
      tokenId: principal.tokenId,
      name: principal.name,
      role: principal.role,
      employee: principal.employeeId === null ? null : await loadEmployee(deps, principal.employeeId),
      scope: { organisation: scope.all, departmentIds: scope.all ? [] : [...scope.departmentIds].sort() },
    };
  },
});
