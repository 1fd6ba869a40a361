import type { Logger } from '../log.js';
import type { Leases } from './leases.js';

export interface LeaseSignal {
  /** True once the lease was lost (another process took it over): stop between steps. */
  lost(): boolean;
}

export type LeasedOutcome<T> = { ran: true; value: T } | { ran: false; holder: string | null };

/**
 * Runs `fn` while holding the named lease, renewing it on a timer; another process that asks
 * meanwhile is told who holds it. A dead holder's lease expires after `ttlMs`.
 */
export async function runWithLease<T>(
  leases: Leases,
  name: string,
  fn: (signal: LeaseSignal) => Promise<T>,
  opts: { ttlMs?: number; logger?: Logger } = {},
): Promise<LeasedOutcome<T>> {
  const ttlMs = opts.ttlMs ?? 45_000;
  if (!(await leases.acquire(name, ttlMs))) return { ran: false, holder: (await leases.holderOf(name))?.holder ?? null };
  let lost = false;
  const timer = setInterval(() => {
    leases.renew(name, ttlMs).then(
      (ok) => {
        if (!ok) lost = true;
      },
      (err: unknown) => opts.logger?.warn({ lease: name, err }, 'lease renewal failed'),
    );
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  timer.unref();
  try {
    return { ran: true, value: await fn({ lost: () => lost }) };
  } finally {
    clearInterval(timer);
    if (!lost) await leases.release(name);
  }
}
