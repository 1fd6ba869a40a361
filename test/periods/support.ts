import type { Express } from 'express';
import type { ApiDeps } from '../../src/api/registry.js';
import { apiRouter } from '../../src/api/router.js';
import type { Db } from '../../src/ledger/db.js';
import { createMetrics } from '../../src/metrics.js';
import { reportFilesRouter } from '../../src/reports/download.js';
import { workbenchRouter } from '../../src/workbench/router.js';
import { createApp } from '../../src/web/app.js';

/** The app as the lead wires it: report downloads before the API router, and the workbench page. */
export function hrApp(deps: ApiDeps): Express {
  return createApp({
    db: deps.db,
    logger: deps.logger,
    metrics: createMetrics(),
    routers: [
      { path: '/api/v1', router: reportFilesRouter(deps) },
      { path: '/api/v1', router: apiRouter(deps) },
      { path: '/workbench', router: workbenchRouter() },
    ],
  });
}

export async function auditOf(db: Db, entity: string, entityId: string): Promise<{ action: string; actor: string; before: unknown; after: unknown; reason: string | null }[]> {
  const rows = (await db('audit_log').where({ entity, entity_id: entityId }).orderBy('id')) as { action: string; actor: string; before: string | null; after: string | null; reason: string | null }[];
  return rows.map((r) => ({ action: r.action, actor: r.actor, before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after), reason: r.reason }));
}
