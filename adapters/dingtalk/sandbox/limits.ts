/**
 * Call accounting: per-API call counts (for /__sandbox/truth), the per-app per-API QPS limit
 * (fixed 1 s windows, as the docs describe), the org-wide monthly quota and seeded transient faults.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../../../src/clock.js';
import type { Rng } from '../../../src/sandbox/rng.js';
import type { DingtalkApiName } from '../descriptor.js';

export interface LimitOptions {
  qps: number;
  /** null = unlimited. */
  monthlyQuota: number | null;
  faultRate: number;
  timezone: string;
}

export class CallLimits {
  readonly calls: Partial<Record<DingtalkApiName, number>> = {};
  private readonly windows = new Map<DingtalkApiName, { second: number; n: number }>();
  private quotaMonth = '';
  quotaUsed = 0;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    readonly opts: LimitOptions,
  ) {}

  count(api: DingtalkApiName): void {
    this.calls[api] = (this.calls[api] ?? 0) + 1;
  }

  /** Admits the call into this second's window, or reports the limit hit. */
  admitQps(api: DingtalkApiName): boolean {
    const second = Math.floor(this.clock.now() / 1000);
    const w = this.windows.get(api);
    if (!w || w.second !== second) {
      this.windows.set(api, { second, n: 1 });
      return true;
    }
    if (w.n >= this.opts.qps) return false;
    w.n++;
    return true;
  }

  private rollMonth(): void {
    const month = DateTime.fromMillis(this.clock.now(), { zone: this.opts.timezone }).toFormat('yyyy-MM');
    if (month !== this.quotaMonth) {
      this.quotaMonth = month;
      this.quotaUsed = 0;
    }
  }

  quotaExhausted(): boolean {
    this.rollMonth();
    return this.opts.monthlyQuota !== null && this.quotaUsed >= this.opts.monthlyQuota;
  }

  consumeQuota(): void {
    this.rollMonth();
    this.quotaUsed++;
  }

  /** Seeded draw per call: the n-th call of a run fails or not the same way every time. */
  fault(): boolean {
    return this.opts.faultRate > 0 && this.rng.chance(this.opts.faultRate);
  }
}
