import { startWecomSandbox } from '../../adapters/wecom/sandbox/index.js';
import { measuredCallbackLoad } from './load/callbackLoad.js';
import { scratchDatabase } from './load/mariadb.js';
import { rssSampler, spawnCli, stopProcess } from './load/processes.js';
import { startWebProcess } from './load/webProcess.js';
import { round, type Bench, type BenchLine } from './harness.js';

const MB = 1024 * 1024;

/** Peak RSS of the web process while it takes the callbacks load; baseline = the same process idle. */
async function webUnderLoad(mysqlUrl: string, seconds: number): Promise<BenchLine> {
  const scratch = await scratchDatabase(mysqlUrl, 'memweb');
  const web = await startWebProcess(scratch.url);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const idle = web.proc.rss() ?? 0;
    const sampler = rssSampler(web.proc.pid);
    const load = await measuredCallbackLoad(web.base, seconds, 'mem');
    const peak = sampler.stop();
    return { bench: 'memory-web', value: round(peak / MB), unit: 'MB RSS (peak)', baseline: round(idle / MB), ratio: round(peak / Math.max(idle, 1), 2), load_req_s: Math.round(load.perSecond), seconds, target_mb: 200 };
  } finally {
    await web.stop();
    await scratch.drop();
  }
}

/**
 * Peak RSS of `sync` worker processes pulling a month of `employees` from the WeCom sandbox into
 * MariaDB: the org, then the punches (the data-heavy streams). The other streams are bounded by
 * vendor rate limits, not memory. Baseline = the departments run (same process, little data).
 */
async function workerSync(mysqlUrl: string, employees: number, log: (m: string) => void): Promise<BenchLine> {
  const sandbox = await startWecomSandbox({ port: 0, host: '127.0.0.1', employees, days: 31, seed: 5 });
  const scratch = await scratchDatabase(mysqlUrl, 'memwk');
  const peaks: Record<string, number> = {};
  try {
    for (const stream of ['departments', 'users', 'punches']) {
      const proc = spawnCli(['sync', '--tenant', 'default', '--stream', stream, '--wait', '5'], { DATABASE_URL: scratch.url, LOG_LEVEL: 'warn', SYNC_BACKFILL_DAYS: '32', ...sandbox.env });
      const sampler = rssSampler(proc.pid, 100);
      // Bounded: a month of 10,000 people pulls in a few minutes; past 15 the run is a failure.
      const guard = setTimeout(() => proc.kill('SIGKILL'), 15 * 60_000);
      const { code } = await proc.exited;
      clearTimeout(guard);
      peaks[stream] = sampler.stop();
      if (code !== 0) throw new Error(`sync --stream ${stream} exited ${code}:\n${proc.lines.slice(-10).join('\n')}`);
      log(`memory: sync ${stream} ${proc.lines.filter((l) => !l.startsWith('{')).join(' ')} peak ${round((peaks[stream] ?? 0) / MB)} MB`);
      await stopProcess(proc);
    }
    const [row] = (await scratch.db('punches').count({ n: '*' })) as { n: number }[];
    const peak = Math.max(...Object.values(peaks));
    const base = peaks['departments'] ?? 0;
    return {
      bench: 'memory-worker',
      value: round(peak / MB),
      unit: 'MB RSS (peak)',
      baseline: round(base / MB),
      ratio: round(peak / Math.max(base, 1), 2),
      employees,
      punches: Number(row?.n ?? 0),
      by_stream_mb: Object.fromEntries(Object.entries(peaks).map(([k, v]) => [k, round(v / MB)])),
      target_mb: 300,
    };
  } finally {
    await scratch.drop();
    await sandbox.close();
  }
}

/** RSS of the web process under the callbacks load (≤ 200 MB) and of a worker syncing a month (≤ 300 MB). */
export const memoryBench: Bench = {
  name: 'memory',
  async run(ctx) {
    const employees = ctx.quick ? 2000 : 10_000;
    ctx.log(`memory: web under ${ctx.quick ? 10 : 30} s of callbacks; sync of ${employees} employees × 31 days`);
    return [await webUnderLoad(ctx.mysqlUrl, ctx.quick ? 10 : 30), await workerSync(ctx.mysqlUrl, employees, ctx.log)];
  },
};
