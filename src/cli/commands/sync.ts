import type { Command } from 'commander';
import { CliError } from '../../errors.js';
import { withRuntime } from '../runtime.js';
import { recomputeDirty } from '../../compute/recompute.js';
import { markRangeDirty } from '../../compute/sweep.js';
import { linkIdentities } from '../../ledger/linking.js';
import { USERS_STREAM } from '../../scheduler/jobs.js';
import { PullProgress } from '../progress.js';
import { reconcile } from '../../reports/reconcile.js';
import { Leases } from '../../scheduler/leases.js';
import { runWithLease } from '../../scheduler/leasedRun.js';
import { runStream, type StreamRunResult } from '../../sync/runner.js';
import type { DateRange, StreamDef, TenantConnector } from '../../vendor/contract.js';
import type { Runtime } from '../../main.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function rangeOf(from?: string, to?: string): DateRange | undefined {
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined || to === undefined) throw new CliError('--from and --to go together', 2);
  if (!DATE.test(from) || !DATE.test(to)) throw new CliError('--from and --to are dates: YYYY-MM-DD', 2);
  if (from > to) throw new CliError(`--from ${from} is after --to ${to}`, 2);
  return { from, to };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

interface SyncOptions {
  tenant: string;
  stream?: string;
  from?: string;
  to?: string;
  wait: string;
}

/**
 * Pulls the chosen streams of one tenant, each under the same lease as its scheduled pull so a
 * manual sync never overlaps a worker's; waits for a held lease up to `wait` seconds.
 */
async function pullStreams(rt: Runtime, connector: TenantConnector, streams: StreamDef[], opts: SyncOptions, range: DateRange | undefined, progress: PullProgress | null): Promise<StreamRunResult[]> {
  const leases = new Leases(rt.db, rt.clock, rt.worker);
  const deadline = rt.clock.now() + Number(opts.wait) * 1000;
  const results: StreamRunResult[] = [];
  for (const stream of streams) {
    const lease = `job:pull:${opts.tenant}:${stream.name}`;
    for (;;) {
      const outcome = await runWithLease(leases, lease, (signal) =>
        runStream(rt.db, connector, stream, {
          clock: rt.clock,
          backfillDays: rt.config.syncBackfillDays,
          ...(range ? { range } : {}),
          shouldStop: signal.lost,
          onPage: (p) => progress?.page(opts.tenant, p.stream, p.pages),
        }),
      );
      if (outcome.ran) {
        results.push(outcome.value);
        // New people are linked to their twin in another tenant before their punches are pulled.
        if (stream.name === USERS_STREAM && rt.config.tenants.length > 1) await linkIdentities(rt.db, rt.config.policy.identityKeys);
        progress?.streamDone(opts.tenant);
        break;
      }
      if (rt.clock.now() > deadline) throw new CliError(`${lease} is held by ${outcome.holder ?? 'another process'}; try again later`, 3);
      await sleep(1000);
    }
  }
  return results;
}

export function registerSyncCommands(program: Command): void {
  program
    .command('sync')
    .description('pull a tenant now: every stream, or one; from its checkpoint, or a full re-pull of a date range')
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--stream <name>', 'one stream (default: every stream)')
    .option('--from <date>', 'first date of a re-pull (YYYY-MM-DD)')
    .option('--to <date>', 'last date of a re-pull (YYYY-MM-DD)')
    .option('--wait <seconds>', 'how long to wait while another process holds the stream', '120')
    .action(async (opts: SyncOptions) => {
      const range = rangeOf(opts.from, opts.to);
      await withRuntime(async (rt) => {
        const connector = rt.connectors.get(opts.tenant);
        if (connector === undefined) throw new CliError(`unknown tenant "${opts.tenant}"; configured: ${rt.connectors.all().map((c) => c.tenant.id).join(', ') || 'none'}`, 2);
        const all = connector.streams();
        const streams = opts.stream === undefined ? all : all.filter((s) => s.name === opts.stream);
        if (streams.length === 0) throw new CliError(`unknown stream "${opts.stream}"; ${opts.tenant} has: ${all.map((s) => s.name).join(', ')}`, 2);
        const progress = process.stderr.isTTY ? new PullProgress() : null;
        progress?.start(opts.tenant, streams.length);
        const results = await pullStreams(rt, connector, streams, opts, range, progress).finally(() => progress?.stop());
        for (const r of results) {
          process.stdout.write(`${opts.tenant} ${r.stream}: ${r.pages} page(s), ${r.calls} call(s), ${r.records} record(s): ${r.written} written, ${Math.max(0, r.records - r.written)} unchanged\n`);
        }
      });
    });
  program
    .command('recompute')
    .description('compute every dirty employee-day now; with --from/--to, every day of that period')
    .option('--from <date>', 'first date (YYYY-MM-DD)')
    .option('--to <date>', 'last date (YYYY-MM-DD)')
    .action((opts: { from?: string; to?: string }) =>
      withRuntime(async (rt) => {
        const range = rangeOf(opts.from, opts.to);
        if (range) process.stdout.write(`queued ${await markRangeDirty(rt.db, range, rt.clock.now())} employee-day(s)\n`);
        const r = await recomputeDirty(rt.db, { clock: rt.clock, policy: rt.config.policy, defaultTimezone: rt.config.timezone });
        process.stdout.write(`computed ${r.computed} day(s): ${r.written} new result(s), ${r.unchanged} unchanged, ${r.adjusted} adjustment(s) for locked months\n`);
      }),
    );
  program
    .command('reconcile')
    .description('compare a month of day results with the vendors\' own verdicts')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .option('--json', 'print JSON')
    .action((opts: { month: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month)) throw new CliError('--month is YYYY-MM', 2);
        const [y, m] = opts.month.split('-').map(Number) as [number, number];
        const range = { from: `${opts.month}-01`, to: `${opts.month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` };
        const r = await reconcile(rt.db, range);
        if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          process.stdout.write(`${opts.month}: ${r.compared} day(s) compared, ${r.agree} agree\n`);
          for (const [cause, n] of Object.entries(r.byCause)) process.stdout.write(`  ${cause}\t${n}\n`);
          for (const [cls, n] of Object.entries(r.differences)) process.stdout.write(`    ${cls}\t${n}\n`);
        }
      }),
    );
}
