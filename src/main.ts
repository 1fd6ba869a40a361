import { hostname } from 'node:os';
import type { Server } from 'node:http';
import type { Router } from 'express';
import { adapters as registeredAdapters } from '../adapters/index.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { apiRouter } from './api/router.js';
import { callbackRouter } from './callbacks/router.js';
import { systemClock, type Clock } from './clock.js';
import { Connectors, registerTenants } from './connectors.js';
import { openDb, type Db } from './ledger/db.js';
import { migrateLatest } from './ledger/migrate.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { buildJobs } from './scheduler/jobs.js';
import { Leases } from './scheduler/leases.js';
import { Scheduler } from './scheduler/scheduler.js';
import type { TenantConnector, VendorAdapter } from './vendor/contract.js';
import { createDeviceConnector, withDeviceConnector } from './devices/connector.js';
import { deviceJobs } from './devices/jobs.js';
import { iclockRouter } from './devices/router.js';
import { checkinRouter } from './checkin/router.js';
import { reportFilesRouter } from './reports/download.js';
import { importUploadRouter } from './api/routes/imports.js';
import { workbenchRouter } from './workbench/router.js';
import { reminderJobs } from './reminders/index.js';
import { retentionJobs } from './retention/index.js';
import { startStreamReceivers } from '../adapters/dingtalk/stream/index.js';
import { createApp } from './web/app.js';
import { registerQueueMetrics } from './web/queueMetrics.js';

/** Everything a role needs, built once from the configuration (the composition root). */
export interface Runtime {
  config: Config;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  connectors: Connectors;
  /** Who turns an inbox row of (vendor, tenant) into ledger changes: a vendor tenant, or the device registry. */
  resolver(vendor: string, tenantId: string): TenantConnector | undefined;
  /** This process's name in leases and outbox claims. */
  worker: string;
  close(): Promise<void>;
}

export function createRuntime(config: Config = loadConfig(process.env), opts: { clock?: Clock; adapters?: readonly VendorAdapter[]; logger?: Logger } = {}): Runtime {
  const clock = opts.clock ?? systemClock;
  const db = openDb(config.databaseUrl);
  const logger = opts.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  registerQueueMetrics(metrics.registry, db);
  const connectors = new Connectors(config, opts.adapters ?? registeredAdapters, { clock, logger, metrics });
  const resolver = withDeviceConnector(createDeviceConnector({ db, clock, defaultTimezone: config.timezone }), (v, t) => connectors.forVendor(v, t));
  return { config, db, logger, metrics, clock, connectors, resolver, worker: `${hostname()}:${process.pid}`, close: () => db.destroy() };
}

/** The embedded default migrates itself on start; a MySQL deployment migrates in the `release` phase. */
export async function prepareDatabase(rt: Runtime): Promise<string[]> {
  const embedded = rt.config.databaseUrl === undefined || rt.config.databaseUrl.startsWith('sqlite') || rt.config.databaseUrl.startsWith('file');
  const applied = embedded ? await migrateLatest(rt.db) : [];
  await registerTenants(rt.db, rt.config.tenants, rt.config.timezone, rt.clock.now());
  return applied;
}

export function webRouters(rt: Runtime): { path: string; router: Router }[] {
  const api = { db: rt.db, clock: rt.clock, logger: rt.logger, config: rt.config };
  return [
    // CSV / XLSX downloads answer before the JSON-only API registry sees the request.
    { path: '/api/v1', router: reportFilesRouter(api) },
    // File uploads (imports) take raw bodies, which the JSON registry does not.
    { path: '/api/v1', router: importUploadRouter(api) },
    { path: '/api/v1', router: apiRouter(api) },
    { path: '/workbench', router: workbenchRouter() },
    { path: '/', router: checkinRouter({ db: rt.db, clock: rt.clock, logger: rt.logger, config: rt.config, connectors: rt.connectors, wechat: rt.config.wechat }) },
    {
      path: '/iclock',
      router: iclockRouter({ db: rt.db, clock: rt.clock, logger: rt.logger, bodyLimit: rt.config.bodyLimit, defaultTimezone: rt.config.timezone, metrics: rt.metrics }),
    },
    {
      path: '/callbacks',
      router: callbackRouter({ db: rt.db, clock: rt.clock, logger: rt.logger, bodyLimit: rt.config.bodyLimit, connector: (v, t) => rt.connectors.forVendor(v, t) }),
    },
  ];
}

/** Starts the web role and resolves once it listens. */
export async function startWeb(rt: Runtime, port = rt.config.port): Promise<Server> {
  const app = createApp({ db: rt.db, logger: rt.logger, metrics: rt.metrics, routers: webRouters(rt) });
  return new Promise((resolve, reject) => {
    const server = app.listen(port, () => resolve(server));
    server.once('error', reject);
  });
}

/** Starts the worker role: every scheduled job under its lease, and Stream-mode event receivers. */
export function startWorker(rt: Runtime): { stop(): Promise<void> } {
  const scheduler = new Scheduler(
    new Leases(rt.db, rt.clock, rt.worker),
    rt.logger,
    [
      ...buildJobs({ db: rt.db, config: rt.config, clock: rt.clock, logger: rt.logger, connectors: rt.connectors, resolver: rt.resolver, worker: rt.worker }),
      ...deviceJobs({ db: rt.db, clock: rt.clock, logger: rt.logger, timezone: rt.config.timezone }),
      ...retentionJobs({ db: rt.db, clock: rt.clock, timezone: rt.config.timezone, settings: rt.config.retention }),
      ...reminderJobs({ db: rt.db, clock: rt.clock, timezone: rt.config.timezone, policy: rt.config.policy, settings: rt.config.reminders }),
    ],
  );
  scheduler.start();
  const streams = startStreamReceivers({ db: rt.db, clock: rt.clock, logger: rt.logger, connectors: rt.connectors.all() });
  return {
    stop: async () => {
      await streams.stop();
      await scheduler.stop();
    },
  };
}
