import { z } from 'zod';
import { HR_ONLY } from '../api/auth/roles.js';
import { requireEmployeeInScope, scopeOf, whereInScope } from '../api/auth/scope.js';
import { defineRoute, type ApiRoute } from '../api/registry.js';
import { employeeId, rangeQuery } from '../api/schemas.js';
import { localDayBounds } from '../api/zones.js';
import { formatInstant } from '../rules/time.js';
import { batchBody, batchResult, processBatch } from './batch.js';
import { ANOMALY_CODES } from './detect.js';
import { callerEmployee } from './employee.js';
import { createEvent, eventBody, eventView, toEventView } from './events.js';
import { bindingCodeBody, bindingCodeView, createBindingCode } from './session.js';
import { createSite, listSites, siteBody, siteToView, siteView } from './sites.js';

/**
 * The check-in routes whose answer has one status: declared through the HR API's registry, so
 * they share its authentication, role checks, validation and OpenAPI description.
 */

export const createSiteRoute = defineRoute({
  id: 'createSite',
  method: 'post',
  path: '/sites',
  summary: 'Create a check-in site: circle or polygon fence, Wi-Fi, beacons, NFC tags, out-of-range policy',
  roles: HR_ONLY,
  body: siteBody,
  response: siteView,
  status: 201,
  handler: async ({ body, deps: d }) => siteToView(await createSite(d.db, body, d.clock.now())),
});

export const listSitesRoute = defineRoute({
  id: 'listSites',
  method: 'get',
  path: '/sites',
  summary: 'Every check-in site',
  roles: ['employee', 'manager', 'hr', 'admin', 'system'],
  response: z.object({ sites: z.array(siteView) }),
  handler: async ({ deps: d }) => ({ sites: (await listSites(d.db)).map(siteToView) }),
});

export const batchRoute = defineRoute({
  id: 'checkinBatch',
  method: 'post',
  path: '/checkins/batch',
  summary: 'Upload offline check-ins: clock offset corrected from sentAt, old or locked-month items become correction requests',
  roles: ['employee'],
  body: batchBody,
  response: batchResult,
  handler: async ({ principal, body, deps: d }) => processBatch(d, principal, await callerEmployee(d, principal), body),
});

export const createEventRoute = defineRoute({
  id: 'createEvent',
  method: 'post',
  path: '/events',
  summary: 'Create an event with dynamic-QR check-in; the caller becomes its organiser',
  roles: ['manager', 'hr', 'admin'],
  body: eventBody,
  response: eventView,
  status: 201,
  handler: async ({ principal, body, deps: d }) => toEventView(await createEvent(d.db, principal, body, d.config.timezone, d.clock.now())),
});

export const bindingCodeRoute = defineRoute({
  id: 'createBindingCode',
  method: 'post',
  path: '/checkin/binding-codes',
  summary: 'A one-time code that binds a WeChat mini-program user to an employee (shown once)',
  roles: HR_ONLY,
  body: bindingCodeBody,
  response: bindingCodeView,
  status: 201,
  handler: ({ principal, body, deps: d }) => createBindingCode(d, principal, body),
});

const anomalyView = z.object({
  id: z.string(),
  code: z.enum(ANOMALY_CODES),
  subjectKind: z.enum(['punch', 'attempt']).describe('a stored punch, or a refused attempt kept as evidence'),
  subjectId: z.string(),
  employeeId: z.string().nullable(),
  at: z.string().nullable(),
  state: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});

interface AnomalyRow {
  id: number | string;
  code: (typeof ANOMALY_CODES)[number];
  subject_kind: 'punch' | 'attempt';
  subject_id: string;
  employee_id: string | null;
  at: number | string | null;
  state: string;
  evidence: string | null;
}

export const listAnomaliesRoute = defineRoute({
  id: 'listAnomalies',
  method: 'get',
  path: '/anomalies',
  summary: 'Flagged check-in punches and attempts whose time falls on from..to (organisation timezone), for review',
  roles: ['manager', 'hr', 'admin'],
  query: rangeQuery({ employee: employeeId.optional(), state: z.enum(['open', 'reviewed']).optional() }, 93),
  response: z.object({ anomalies: z.array(anomalyView) }),
  async handler({ principal, query, deps: d }) {
    const scope = await scopeOf(d.db, principal);
    if (query.employee !== undefined) await requireEmployeeInScope(d.db, scope, query.employee);
    const bounds = localDayBounds(query.from, query.to, d.config.timezone);
    const q = d.db('anomalies')
      .select('id', 'code', 'subject_kind', 'subject_id', 'employee_id', 'at', 'state', 'evidence')
      .whereIn('code', [...ANOMALY_CODES])
      .where('at', '>=', bounds.start)
      .where('at', '<', bounds.end);
    whereInScope(d.db, q, scope, 'employee_id');
    if (query.employee !== undefined) q.where('employee_id', query.employee);
    if (query.state !== undefined) q.where('state', query.state);
    const rows = (await q.orderBy([{ column: 'at' }, { column: 'id' }]).limit(10_000)) as AnomalyRow[];
    return {
      anomalies: rows.map((r) => ({
        id: String(r.id), code: r.code, subjectKind: r.subject_kind, subjectId: r.subject_id, employeeId: r.employee_id,
        at: r.at === null ? null : formatInstant(Number(r.at), d.config.timezone), state: r.state, evidence: r.evidence === null ? {} : (JSON.parse(r.evidence) as Record<string, unknown>),
      })),
    };
  },
});

/** Registered with the HR API's router builder; the lead may also list them in the OpenAPI document. */
export const checkinRoutes: readonly ApiRoute[] = [createSiteRoute, listSitesRoute, batchRoute, createEventRoute, bindingCodeRoute, listAnomaliesRoute];
