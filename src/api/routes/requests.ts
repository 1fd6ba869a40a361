import { z } from 'zod';
import { requestStatuses, requestTypes } from '../../ledger/model.js';
import { EVERYONE, PEOPLE } from '../auth/roles.js';
import { departmentTree, requireDepartmentInScope, requireEmployeeInScope, scopeOf, whereInScope } from '../auth/scope.js';
import { defineRoute } from '../registry.js';
import { cancelRequest } from '../requests/cancel.js';
import { createRequest } from '../requests/create.js';
import { REQUEST_COLUMNS, createRequestBody, requestView, toRequestView, type RequestRow } from '../requests/schema.js';
import { departmentId, employeeId, isoDate, page } from '../schemas.js';
import { employeeZones, localDayBounds } from '../zones.js';

export const fileRequest = defineRoute({
  id: 'createRequest',
  method: 'post',
  path: '/requests',
  summary: 'File a leave, overtime, correction, trip, outing, 调休 or field request (pending; sent to the vendor approval flow)',
  roles: [...PEOPLE, 'system'],
  body: createRequestBody,
  response: requestView,
  status: 201,
  handler: ({ principal, body, deps }) => createRequest(deps, principal, body),
});

const listQuery = z
  .strictObject({
    employee: employeeId.optional(),
    department: departmentId.optional().describe('this department and its sub-departments'),
    status: z.enum(requestStatuses).optional(),
    type: z.enum(requestTypes).optional(),
    from: isoDate.optional().describe('requests ending on or after this date (organisation timezone)'),
    to: isoDate.optional().describe('requests starting on or before this date'),
    ...page,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'to must not be before from' });

export const listRequests = defineRoute({
  id: 'listRequests',
  method: 'get',
  path: '/requests',
  summary: 'Requests in the caller’s scope, newest first',
  roles: EVERYONE,
  query: listQuery,
  response: z.object({ requests: z.array(requestView) }),
  async handler({ principal, query, deps }) {
    const { db } = deps;
    const scope = await scopeOf(db, principal);
    if (query.employee !== undefined) await requireEmployeeInScope(db, scope, query.employee);
    const q = db('requests').select(REQUEST_COLUMNS);
    whereInScope(db, q, scope, 'employee_id');
    if (query.employee !== undefined) q.where('employee_id', query.employee);
    if (query.department !== undefined) {
      requireDepartmentInScope(scope, query.department);
      q.whereIn('employee_id', db('employees').select('id').whereIn('department_id', await departmentTree(db, [query.department])));
    }
    if (query.status !== undefined) q.where('status', query.status);
    if (query.type !== undefined) q.where('type', query.type);
    const zone = deps.config.timezone;
    if (query.from !== undefined) q.where('end_at', '>=', localDayBounds(query.from, query.from, zone).start);
    if (query.to !== undefined) q.where('start_at', '<', localDayBounds(query.to, query.to, zone).end);
    const rows = (await q.orderBy([{ column: 'start_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(query.limit).offset(query.offset)) as RequestRow[];
    const zones = await employeeZones(db, rows.map((r) => r.employee_id), zone);
    return { requests: rows.map((r) => toRequestView(r, zones.get(r.employee_id) ?? zone)) };
  },
});

export const cancelRequestRoute = defineRoute({
  id: 'cancelRequest',
  method: 'post',
  path: '/requests/:id/cancel',
  summary: 'Cancel a request filed here: the owner while pending, HR and admin also once approved',
  roles: PEOPLE,
  params: z.strictObject({ id: z.string().regex(/^\d{1,19}$/, 'expected a request id') }),
  body: z.strictObject({ reason: z.string().min(1).max(1000).optional() }).optional(),
  response: requestView,
  handler: ({ principal, params, body, deps }) => cancelRequest(deps, principal, params.id, body?.reason ?? null),
});
