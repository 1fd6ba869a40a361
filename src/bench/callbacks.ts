import { cannon, okPerSecond } from './load/autocannon.js';
import { measuredCallbackLoad } from './load/callbackLoad.js';
import { callbackPool, sendPrepared } from './load/callbackTraffic.js';
import { outage } from './load/dbOutage.js';
import { scratchDatabase, serverAddress } from './load/mariadb.js';
import { TcpProxy } from './load/proxy.js';
import { startWebProcess } from './load/webProcess.js';
import type { Db } from '../ledger/db.js';
import { round, type Bench, type BenchLine } from './harness.js';

async function inboxRows(db: Db): Promise<number> {
  const [row] = (await db('callback_inbox').count({ n: '*' })) as { n: number | string }[];
  return Number(row?.n ?? 0);
}

/**
 * Signed, encrypted WeCom and DingTalk callbacks through the real web process into the MariaDB
 * inbox (10 connections). The baseline is `GET /healthz` on the same process in the same run, so
 * the ratio says how much of the process's capacity a stored callback costs.
 */
export const callbacksBench: Bench = {
  name: 'callbacks',
  async run(ctx) {
    const seconds = ctx.quick ? 10 : 30;
    const scratch = await scratchDatabase(ctx.mysqlUrl, 'cb');
    const web = await startWebProcess(scratch.url);
    try {
      ctx.log(`callbacks: ${seconds} s, 10 connections, ${web.base}`);
      const load = await measuredCallbackLoad(web.base, seconds, 'cb');
      const base = await cannon({ url: `${web.base}/healthz`, connections: 10, duration: ctx.quick ? 5 : 10 });
      const stored = await inboxRows(scratch.db);
      const r = load.result;
      const line: BenchLine = {
        bench: 'callbacks',
        value: Math.round(load.perSecond),
        unit: 'req/s',
        baseline: Math.round(okPerSecond(base)),
        ratio: round(load.perSecond / okPerSecond(base), 3),
        p99_ms: r.latency.p99,
        p50_ms: r.latency.p50,
        errors: r.errors + r.timeouts + r.non2xx,
        answered_2xx: r['2xx'],
        // Every acknowledged callback must be a durable row (warm-up rows included in `stored`).
        stored,
        unique_keys: load.unique,
        seconds,
        targets: { value: 2000, p99_ms: 25, errors: 0 },
      };
      return [line];
    } finally {
      await web.stop();
      await scratch.drop();
    }
  },
};

/**
 * The database frozen (connections open, no bytes) and then stopped (connections reset, new ones
 * refused) through a TCP proxy: every callback must be answered 503 within 800 ms, and the process
 * must store callbacks again by itself once the database is back.
 */
export const callbacksDbDownBench: Bench = {
  name: 'callbacks-db-down',
  async run(ctx) {
    const scratch = await scratchDatabase(ctx.mysqlUrl, 'cbdown');
    const { host, port } = serverAddress(ctx.mysqlUrl);
    const proxy = new TcpProxy(host, port);
    const web = await startWebProcess(scratch.viaPort(await proxy.start()));
    try {
      const healthy: number[] = [];
      for (const req of callbackPool(40, Date.now(), 'ok')) {
        const r = await sendPrepared(web.base, req);
        if (r.status !== 200) throw new Error(`a callback before the outage answered ${r.status}: ${r.body}`);
        healthy.push(r.ms);
      }
      const seconds = ctx.quick ? 3 : 8;
      const frozen = await outage(web.base, proxy, 'frozen', { seconds, tag: 'fz', recoverSeconds: ctx.quick ? 30 : 90 });
      ctx.log(`callbacks-db-down: frozen ${JSON.stringify(frozen)}`);
      const stopped = await outage(web.base, proxy, 'stopped', { seconds, tag: 'st', recoverSeconds: ctx.quick ? 30 : 90 });
      ctx.log(`callbacks-db-down: stopped ${JSON.stringify(stopped)}`);
      const max = Math.max(frozen.max_ms, stopped.max_ms);
      const only503 = [frozen, stopped].every((o) => Object.keys(o.statuses).every((s) => s === '503'));
      const healthyMax = Math.max(...healthy);
      return [
        {
          bench: 'callbacks-db-down',
          value: max,
          unit: 'ms (slowest answer while the database was down)',
          baseline: round(healthyMax, 1),
          ratio: round(max / healthyMax, 1),
          all_503: only503,
          recovered: frozen.recovered && stopped.recovered,
          frozen,
          stopped,
          target_ms: 800,
          pass: only503 && max <= 800 && frozen.recovered && stopped.recovered,
        },
      ];
    } finally {
      await web.stop();
      await proxy.close();
      await scratch.drop();
    }
  },
};
