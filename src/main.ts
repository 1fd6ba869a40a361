import type { Server } from 'node:http';
import type { Router } from 'express';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { systemClock, type Clock } from './clock.js';
import { openDb, type Db } from './ledger/db.js';
import { migrateLatest } from './ledger/migrate.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createApp } from './web/app.js';

/** Everything a role needs, built once from the configuration. */
export interface Runtime {
  config: Config;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  close(): Promise<void>;
}

export function createRuntime(config: Config = loadConfig(process.env), clock: Clock = systemClock): Runtime {
  const db = openDb(config.databaseUrl);
  const logger = createLogger(config.logLevel);
  return { config, db, logger, metrics: createMetrics(), clock, close: () => db.destroy() };
}

/** The embedded default migrates itself on start; a MySQL deployment migrates in the `release` phase. */
export async function prepareDatabase(rt: Runtime): Promise<string[]> {
  return rt.config.databaseUrl === undefined || rt.config.databaseUrl.startsWith('sqlite') ? migrateLatest(rt.db) : [];
}

export function webRouters(_rt: Runtime): { path: string; router: Router }[] {
  return [];
}

/** Starts the web role and resolves once it listens. */
export async function startWeb(rt: Runtime, port = rt.config.port): Promise<Server> {
  const app = createApp({ db: rt.db, logger: rt.logger, metrics: rt.metrics, routers: webRouters(rt) });
  return new Promise((resolve, reject) => {
    const server = app.listen(port, () => resolve(server));
    server.once('error', reject);
  });
}
