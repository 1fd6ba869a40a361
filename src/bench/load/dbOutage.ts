import { callbackPool, sendPrepared, type PreparedRequest } from './callbackTraffic.js';
import type { TcpProxy } from './proxy.js';

/** What one outage did to the callbacks answered during it, and how the service came back. */
export interface OutageReport {
  mode: 'frozen' | 'stopped';
  answered: number;
  /** Status → count during the outage; 0 = no answer within the client's deadline. */
  statuses: Record<string, number>;
  max_ms: number;
  p50_ms: number;
  recovered: boolean;
  /** From resuming the database to the first callback stored again. */
  recover_ms: number | null;
}

const CLIENT_DEADLINE_MS = 5000;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
}

/**
 * Takes the database away through the proxy, sends callbacks from `senders` concurrent clients for
 * `seconds` (each waits for its answer, at most 5 s), then gives it back and sends one callback
 * every 200 ms until one is stored (at most `recoverSeconds`). The loops are bounded in time and count.
 */
export async function outage(base: string, proxy: TcpProxy, mode: 'frozen' | 'stopped', opts: { seconds: number; senders?: number; recoverSeconds?: number; tag: string }): Promise<OutageReport> {
  const pool = callbackPool(2000, Date.now(), opts.tag);
  let next = 0;
  const take = (): PreparedRequest => pool[next++ % pool.length] as PreparedRequest;
  if (mode === 'frozen') proxy.freeze();
  else proxy.stop();
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const until = performance.now() + opts.seconds * 1000;
  const sender = async (): Promise<void> => {
    for (let i = 0; i < 500 && performance.now() < until; i++) {
      const r = await sendPrepared(base, take(), CLIENT_DEADLINE_MS);
      times.push(r.ms);
      statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: opts.senders ?? 4 }, sender));
  proxy.resume();
  const resumed = performance.now();
  let recoverMs: number | null = null;
  const recoverUntil = resumed + (opts.recoverSeconds ?? 30) * 1000;
  for (let i = 0; i < 1000 && performance.now() < recoverUntil; i++) {
    const r = await sendPrepared(base, take(), CLIENT_DEADLINE_MS);
    if (r.status === 200) {
      recoverMs = performance.now() - resumed;
      break;
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  times.sort((a, b) => a - b);
  return {
    mode,
    answered: times.length,
    statuses,
    max_ms: Math.round(times[times.length - 1] ?? 0),
    p50_ms: Math.round(percentile(times, 0.5)),
    recovered: recoverMs !== null,
    recover_ms: recoverMs === null ? null : Math.round(recoverMs),
  };
}
