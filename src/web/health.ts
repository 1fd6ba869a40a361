import { Router } from 'express';
import { AppError } from '../errors.js';
import { pingDb, type Db } from '../ledger/db.js';
import type { Metrics } from '../metrics.js';

/** Liveness, readiness (the database answers) and Prometheus metrics. */
export function healthRouter(db: Db, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await pingDb(db);
    } catch (err) {
      throw new AppError('database_unavailable', undefined, undefined, { cause: err });
    }
    res.json({ status: 'ready' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
