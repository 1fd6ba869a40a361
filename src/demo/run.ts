import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axios from 'axios';
import type { Config } from '../../config/schema.js';
import { systemClock } from '../clock.js';
import { createToken } from '../api/auth/tokens.js';
import { drainInbox } from '../callbacks/drain.js';
import { recomputeDirty } from '../compute/recompute.js';
import { createRuntime, prepareDatabase, startWeb, startWorker, type Runtime } from '../main.js';
import { buildMonthReport } from '../reports/monthly.js';
import { writeMonthReport } from '../reports/write.js';
import { runStream, tenantUserIds } from '../sync/runner.js';
import { flushOutbox } from '../writeback/outbox.js';
import { PullProgress } from '../cli/progress.js';
import { freePort, startDemoSandboxes, DEMO_TENANTS, type DemoSandboxes } from './sandboxes.js';
import { runDemoDevice } from './device.js';
import { markMissingDays } from '../compute/sweep.js';
import { collectSummary, type DemoSummary } from './summary.js';

export interface DemoOptions {
  config: Config;
  employees: number;
  seed: number;
  outDir: string;
  serve: boolean;
  progress: boolean;
  /** Called with the summary before `serve` keeps the service running. */
  onSummary(summary: DemoSummary): void;
}

export interface PullTotals {
  written: number;
  /** Calls made and the lower bound for the chunk limits, per stream name, both tenants together. */
  calls: Record<string, { used: number; minimum: number }>;
}

async function pullAll(rt: Runtime, sb: DemoSandboxes, progress: PullProgress | null): Promise<PullTotals> {
  const totals: PullTotals = { written: 0, calls: {} };
  await Promise.all(
    rt.connectors.all().map(async (c) => {
      const streams = c.streams();
      progress?.start(c.tenant.id, streams.length);
      for (const stream of streams) {
        const r = await runStream(rt.db, c, stream, {
          clock: rt.clock,
          backfillDays: rt.config.syncBackfillDays,
          range: sb.range,
          onPage: (p) => progress?.page(c.tenant.id, p.stream, p.pages),
        });
        totals.written += r.written;
        // The lower bound of calls for the chunk limits, given the users the earlier streams found.
        const users = (await tenantUserIds(rt.db, c.tenant.id)).length;
        const entry = totals.calls[stream.name] ?? { used: 0, minimum: 0 };
        entry.used += r.calls;
        entry.minimum += stream.minimumCalls?.(sb.range, users) ?? r.calls;
        totals.calls[stream.name] = entry;
        progress?.streamDone(c.tenant.id);
      }
    }),
  );
  return totals;
}

/** Asks both sandboxes to push their callbacks, then applies what the receiver stored. */
async function receiveCallbacks(rt: Runtime, sb: DemoSandboxes): Promise<{ delivered: number; applied: number }> {
  let delivered = 0;
  for (const url of Object.values(sb.urls)) {
    const res = await axios.post<{ delivered?: number }>(`${url}/__sandbox/push`, { kind: 'all' }, { timeout: 600_000 });
    delivered += res.data.delivered ?? 0;
  }
  let applied = 0;
  for (;;) {
    const r = await drainInbox(rt.db, { clock: rt.clock, logger: rt.logger, connector: rt.resolver, batchSize: 500 });
    applied += r.done;
    if (r.done + r.failed + r.parked === 0) break;
  }
  return { delivered, applied };
}

/**
 * The main job end to end on the embedded default: two sandboxes (one company on WeCom and
 * DingTalk), pull, callbacks, compute, write back, reconcile, report, summary.
 */
export async function runDemo(opts: DemoOptions): Promise<void> {
  const started = performance.now();
  const port = await freePort();
  const now = systemClock.now();
  const sb = await startDemoSandboxes({ employees: opts.employees, seed: opts.seed, now, zone: opts.config.timezone, callbackBase: `http://127.0.0.1:${port}` });
  const rt = createRuntime({ ...opts.config, tenants: sb.tenants, logLevel: opts.config.logLevel === 'info' ? 'warn' : opts.config.logLevel });
  const server = await (async () => {
    await prepareDatabase(rt);
    return startWeb(rt, port);
  })();
  try {
    const progress = opts.progress && process.stderr.isTTY ? new PullProgress() : null;
    const pulls = await pullAll(rt, sb, progress).finally(() => progress?.stop());
    const callbacks = await receiveCallbacks(rt, sb);
    const device = await runDemoDevice(rt, `http://127.0.0.1:${port}`, DEMO_TENANTS.wecom, opts.seed);
    // Every employee-day of the month gets a result, including the days no record touched.
    await markMissingDays(rt.db, sb.range, rt.clock.now());
    const recompute = await recomputeDirty(rt.db, { clock: rt.clock, policy: rt.config.policy, defaultTimezone: rt.config.timezone });
    const writeBacks = await flushOutbox(rt.db, { clock: rt.clock, logger: rt.logger, worker: rt.worker, connector: (t) => rt.connectors.get(t) });
    const outDir = resolve(opts.outDir);
    mkdirSync(outDir, { recursive: true });
    const xlsx = join(outDir, `attendance-${sb.month}.xlsx`);
    const csv = join(outDir, `attendance-${sb.month}.csv`);
    await writeMonthReport(await buildMonthReport(rt.db, sb.month), xlsx, csv);
    const summary = await collectSummary(rt, { month: sb.month, range: sb.range, pulls, callbacks, device, recompute, writeBacks, report: { xlsx, csv }, elapsedSeconds: (performance.now() - started) / 1000 });
    if (opts.serve) {
      // A fresh HR token, so the workbench can be opened straight away.
      const token = await createToken(rt.db, { role: 'hr', name: 'demo workbench' }, rt.clock);
      summary.serving = `http://127.0.0.1:${port}/workbench (HR token ${token})`;
    }
    opts.onSummary(summary);
    if (opts.serve) {
      const scheduler = startWorker(rt);
      await new Promise<void>((done) => {
        const stop = () => void scheduler.stop().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await rt.close();
    await sb.close();
  }
}
