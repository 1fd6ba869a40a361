import type { Config } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import { drainInbox } from '../callbacks/drain.js';
import { storeEvents } from '../callbacks/inbox.js';
import { recomputeDirty } from '../compute/recompute.js';
import { markMissingDays } from '../compute/sweep.js';
import { expireBalances } from '../compute/balances.js';
import { linkIdentities } from '../ledger/linking.js';
import { deliverMonthlyReport } from '../reports/deliver.js';
import { approvalRoutingJob } from '../routing/approvals.js';
import { reconcileDays } from '../reports/reconcile.js';
import { markDirty } from '../ledger/dirty.js';
import type { Connectors } from '../connectors.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import { runStream } from '../sync/runner.js';
import { flushOutbox } from '../writeback/outbox.js';
import { addDays, localDateOf } from '../rules/time.js';
import type { JobDef } from './scheduler.js';
import type { TenantConnector } from '../vendor/contract.js';

export interface JobDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  connectors: Connectors;
  resolver(vendor: string, tenantId: string): TenantConnector | undefined;
  worker: string;
}

/** Callbacks carry live traffic; pulls reconcile. Urgent streams pull often, the rest rarely. */
const PULL_CRON = { urgent: '*/15 * * * *', other: '7 */6 * * *' };
/** The stream that brings new people, and the one with the vendor's own verdicts (every adapter names them so). */
export const USERS_STREAM = 'users';
const RESULTS_STREAM = 'results';
/** The nightly look-back re-pulls this many days, catching late corrections; upserts make it free. */
const LOOKBACK_DAYS = 7;
/** The nightly sweep gives every employee-day of the last five weeks a result, absences included. */
const SWEEP_DAYS = 35;

/** Causes a fresh pull and recompute can settle (a rule mismatch may also be data we missed). */
const REPULL_CAUSES = new Set(['late_data', 'rule_mismatch', 'vendor_only']);

/**
 * The nightly reconciliation of one tenant: the days of the last week where our result and the
 * vendor's verdict differ are pulled again (punches, approvals, the vendor's verdicts) and queued
 * for recompute, so what remains different the next day is a real rule difference.
 */
async function repullDiffering(d: JobDeps, c: TenantConnector, lost: () => boolean): Promise<{ differing: number }> {
  const today = localDateOf(d.clock.now(), c.timezone);
  const diffs = (await reconcileDays(d.db, { from: addDays(today, -LOOKBACK_DAYS), to: addDays(today, -1) })).filter(
    (x) => x.tenantId === c.tenant.id && x.cause !== undefined && x.cause !== null && REPULL_CAUSES.has(x.cause),
  );
  if (diffs.length === 0) return { differing: 0 };
  const dates = diffs.map((x) => x.workDate).sort();
  const range = { from: dates[0] as string, to: dates[dates.length - 1] as string };
  for (const stream of c.streams().filter((s) => s.urgent || s.name === RESULTS_STREAM)) {
    await runStream(d.db, c, stream, { clock: d.clock, backfillDays: d.config.syncBackfillDays, range, shouldStop: lost });
  }
  await markDirty(d.db, diffs.map((x) => ({ employeeId: x.employeeId, workDate: x.workDate })), d.clock.now());
  return { differing: diffs.length };
}

/** Every scheduled job of a worker: pulls per tenant and stream, the nightly look-back, and the pipeline drains. */
export function buildJobs(d: JobDeps): JobDef[] {
  const jobs: JobDef[] = [];
  for (const c of d.connectors.all()) {
    for (const stream of c.streams()) {
      jobs.push({
        name: `pull:${c.tenant.id}:${stream.name}`,
        cron: stream.urgent ? PULL_CRON.urgent : PULL_CRON.other,
        timezone: c.timezone,
        run: async (signal) => {
          const r = await runStream(d.db, c, stream, { clock: d.clock, backfillDays: d.config.syncBackfillDays, shouldStop: signal.lost });
          // New people are linked before their punches arrive, so both tenants feed one employee.
          if (stream.name === USERS_STREAM && d.config.tenants.length > 1) await linkIdentities(d.db, d.config.policy.identityKeys);
          return r;
        },
      });
    }
    const recover = c.recoverMissedEvents?.bind(c);
    if (recover) {
      jobs.push({
        name: `missed-callbacks:${c.tenant.id}`,
        cron: '*/5 * * * *',
        timezone: c.timezone,
        run: () => recover((events) => storeEvents(d.db, c.tenant.vendor, c.tenant.id, events, d.clock.now()).then(() => undefined)),
      });
    }
    jobs.push({
      name: `reconcile:${c.tenant.id}`,
      cron: '30 3 * * *',
      timezone: c.timezone,
      run: (signal) => repullDiffering(d, c, signal.lost),
    });
    jobs.push({
      name: `lookback:${c.tenant.id}`,
      cron: '30 2 * * *',
      timezone: c.timezone,
      run: async (signal) => {
        const today = localDateOf(d.clock.now(), c.timezone);
        const range = { from: addDays(today, -LOOKBACK_DAYS), to: addDays(today, -1) };
        const results = [];
        for (const stream of c.streams().filter((s) => s.urgent)) {
          results.push(await runStream(d.db, c, stream, { clock: d.clock, backfillDays: d.config.syncBackfillDays, range, shouldStop: signal.lost }));
        }
        return results;
      },
    });
  }
  const zone = d.config.timezone;
  if (d.config.tenants.length > 1) {
    // One person in two tenants (a merger) becomes one employee as soon as both identities are known.
    jobs.push({ name: 'link-identities', cron: '*/15 * * * *', timezone: zone, run: () => linkIdentities(d.db, d.config.policy.identityKeys) });
  }
  jobs.push(
    { name: 'inbox', cron: '*/10 * * * * *', timezone: zone, run: () => drainInbox(d.db, { clock: d.clock, logger: d.logger, connector: d.resolver }) },
    { name: 'recompute', cron: '*/30 * * * * *', timezone: zone, run: (signal) => recomputeDirty(d.db, { clock: d.clock, policy: d.config.policy, defaultTimezone: zone, shouldStop: signal.lost }) },
    {
      name: 'sweep',
      cron: '40 0 * * *',
      timezone: zone,
      run: () => {
        const today = localDateOf(d.clock.now(), zone);
        return markMissingDays(d.db, { from: addDays(today, -SWEEP_DAYS), to: addDays(today, -1) }, d.clock.now());
      },
    },
    {
      name: 'balance-expiry',
      cron: '10 1 * * *',
      timezone: zone,
      run: () => expireBalances(d.db, d.config.policy.timeOff.kind, localDateOf(d.clock.now(), zone), d.clock.now()),
    },
    { name: 'outbox', cron: '*/30 * * * * *', timezone: zone, run: () => flushOutbox(d.db, { clock: d.clock, logger: d.logger, worker: d.worker, connector: (t) => d.connectors.get(t) }) },
  );
  // Approvals decided in one vendor are registered in the other's attendance (linked employees).
  const base = d.config.publicUrl ?? `http://localhost:${d.config.port}`;
  jobs.push(approvalRoutingJob({ db: d.db, clock: d.clock, timezone: zone, jumpUrl: (id) => `${base}/workbench?request=${id}` }));
  const webhook = d.config.reportWebhook;
  if (webhook) {
    // Last month's report reaches HR on the 1st, signed when a secret is set.
    const delivery = { db: d.db, clock: d.clock, timezone: zone, webhookUrl: webhook.url, ...(webhook.secret ? { secret: webhook.secret } : {}) };
    jobs.push({ name: 'report-delivery', cron: '0 8 1 * *', timezone: zone, run: () => deliverMonthlyReport(delivery) });
  }
  return jobs;
}
