import { Rng, deriveSeed } from '../../../src/sandbox/rng.js';

/** Fixed one-minute windows per API; exceeding one answers 45009 until the window ends (§8). */
export class MinuteLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  /** Records a call and says whether it is within `perMinute`. */
  allow(key: string, perMinute: number, now: number): boolean {
    let w = this.windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= perMinute) return false;
    w.count++;
    return true;
  }
}

export interface Fault {
  errcode: number;
  errmsg: string;
}

/**
 * Transient failures for a fraction `rate` of calls: -1 (system busy) or 45033 (concurrency),
 * drawn from a seeded stream so a run with the same seed and call order fails the same calls.
 */
export class FaultInjector {
  private readonly rng: Rng;
  constructor(
    seed: number,
    private readonly rate: number,
  ) {
    if (!(rate >= 0 && rate <= 1)) throw new Error('faultRate must be within [0, 1]');
    this.rng = new Rng(deriveSeed(seed, 'faults'));
  }
  next(): Fault | null {
    if (this.rate === 0) return null;
    if (!this.rng.chance(this.rate)) return null;
    return this.rng.chance(0.7) ? { errcode: -1, errmsg: 'system busy' } : { errcode: 45033, errmsg: 'api concurrent out of limit' };
  }
}
