import express, { type Express, type Router } from 'express';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { errorHandler, notFound } from './errors.js';
import { healthRouter } from './health.js';

export interface WebDeps {
  db: Db;
  logger: Logger;
  metrics: Metrics;
  /** Routers mounted after the health routes; each brings its own body parser (callbacks need raw text, the API JSON). */
  routers?: { path: string; router: Router }[];
}

/** The express shell every web role shares: timing, health, routers, one error shape. */
export function createApp(deps: WebDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use((req, res, next) => {
    const end = deps.metrics.httpRequests.startTimer({ method: req.method });
    res.on('finish', () => end({ route: (req.route as { path?: string } | undefined)?.path ?? req.baseUrl ?? 'unmatched', status: String(res.statusCode) }));
    next();
  });
  app.use(healthRouter(deps.db, deps.metrics));
  for (const { path, router } of deps.routers ?? []) app.use(path, router);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
