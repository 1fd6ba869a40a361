import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../ledger/db.js';

/**
 * Backlogs an operator alerts on, read from the ledger at scrape time: inbox and outbox rows by
 * state, and employee-days waiting for recompute.
 */
export function registerQueueMetrics(registry: Registry, db: Db): void {
  const byState = async (table: string, gauge: Gauge<'state'>) => {
    const rows = (await db(table).select('state').count({ n: '*' }).groupBy('state')) as { state: string; n: number | string }[];
    gauge.reset();
    for (const r of rows) gauge.set({ state: r.state }, Number(r.n));
  };
  new Gauge({
    name: 'callback_inbox_rows',
    help: 'Inbox rows by state (pending, done, parked, quarantined, rejected)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      await byState('callback_inbox', this);
    },
  });
  new Gauge({
    name: 'writeback_outbox_rows',
    help: 'Outbox rows by state (pending, done, parked)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      await byState('writeback_outbox', this);
    },
  });
  new Gauge({
    name: 'dirty_days',
    help: 'Employee-days waiting for recompute',
    registers: [registry],
    async collect() {
      this.set(Number(((await db('dirty_days').count({ n: '*' }))[0] as { n: number | string }).n));
    },
  });
}
