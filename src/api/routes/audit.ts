import { z } from 'zod';
import { formatInstant } from '../../rules/time.js';
import { HR_ONLY } from '../auth/roles.js';
import { defineRoute } from '../registry.js';
import { page, rangeQuery } from '../schemas.js';
import { localDayBounds } from '../zones.js';

const auditView = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

interface AuditRow {
  id: number | string;
  at: number | string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  reason: string | null;
}

const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

export const listAudit = defineRoute({
  id: 'listAudit',
  method: 'get',
  path: '/audit',
  summary: 'The audit log (dates in the organisation timezone), newest first',
  roles: HR_ONLY,
  query: rangeQuery({ entity: z.string().min(1).max(64).optional(), entityId: z.string().min(1).max(191).optional(), actor: z.string().min(1).max(128).optional(), ...page }, 366),
  response: z.object({ entries: z.array(auditView) }),
  async handler({ query, deps }) {
    const zone = deps.config.timezone;
    const { start, end } = localDayBounds(query.from, query.to, zone);
    const q = deps.db('audit_log').select('*').where('at', '>=', start).where('at', '<', end);
    if (query.entity !== undefined) q.where('entity', query.entity);
    if (query.entityId !== undefined) q.where('entity_id', query.entityId);
    if (query.actor !== undefined) q.where('actor', query.actor);
    const rows = (await q.orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(query.limit).offset(query.offset)) as AuditRow[];
    return {
      entries: rows.map((r) => ({
        id: String(r.id), at: formatInstant(Number(r.at), zone), actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id,
        before: parse(r.before), after: parse(r.after), reason: r.reason,
      })),
    };
  },
});
