import type { Express } from 'express';
import type { Clock } from '../../src/clock.js';
import { drainInbox, type DrainResult } from '../../src/callbacks/drain.js';
import { createDeviceConnector } from '../../src/devices/connector.js';
import { iclockRouter } from '../../src/devices/router.js';
import type { Db } from '../../src/ledger/db.js';
import { createLogger, type Logger } from '../../src/log.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createApp } from '../../src/web/app.js';

export const ZONE = 'Asia/Shanghai';

/** A logger whose lines the test can read (to prove what is and is not logged). */
export function captureLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger(level, { write: (s: string) => void lines.push(s) }), lines };
}

export function deviceApp(db: Db, clock: Clock, opts: { logger?: Logger; bodyLimit?: string; metrics?: Metrics } = {}): Express {
  const logger = opts.logger ?? createLogger('silent');
  const metrics = opts.metrics ?? createMetrics();
  return createApp({
    db,
    logger,
    metrics,
    routers: [{ path: '/iclock', router: iclockRouter({ db, clock, logger, bodyLimit: opts.bodyLimit ?? '256kb', defaultTimezone: ZONE, metrics }) }],
  });
}

/** Drains device uploads into the ledger until nothing is due. */
export async function drainDevices(db: Db, clock: Clock): Promise<DrainResult> {
  const devices = createDeviceConnector({ db, clock, defaultTimezone: ZONE });
  const total: DrainResult = { done: 0, failed: 0, parked: 0 };
  for (;;) {
    const r = await drainInbox(db, { clock, logger: createLogger('silent'), connector: (v, t) => (v === 'zkteco' && t === 'devices' ? devices : undefined), batchSize: 500 });
    total.done += r.done;
    total.failed += r.failed;
    total.parked += r.parked;
    if (r.done + r.failed + r.parked === 0) return total;
  }
}

export async function count(db: Db, table: string, where: Record<string, unknown> = {}): Promise<number> {
  return Number(((await db(table).where(where).count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
}

export async function addEmployee(db: Db, id: string, jobNumber: string | null, now: number): Promise<void> {
  await db('employees').insert({ id, name: `Employee ${id}`, job_number: jobNumber, status: 'active', created_at: now });
}
