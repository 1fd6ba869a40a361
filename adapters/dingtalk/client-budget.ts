/**
 * The org's monthly API quota as a budget (docs/dingtalk.md §3: a few thousand calls a month on
 * the standard edition; token, auth and contacts APIs are exempt). Non-urgent pulls stop at 90 %
 * so callbacks and urgent pulls keep the rest; everything stops once the vendor says 90020.
 * Counted in this process, per calendar month in the tenant's zone.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../../src/clock.js';
import { VendorError } from '../../src/http/vendorError.js';

/** Share of the budget non-urgent streams may use. */
export const NON_URGENT_SHARE = 0.9;

export class CallBudget {
  private month = '';
  private used = 0;
  private exhausted = false;

  constructor(
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly monthly: number | undefined,
  ) {}

  private roll(): void {
    const month = DateTime.fromMillis(this.clock.now(), { zone: this.zone }).toFormat('yyyy-MM');
    if (month !== this.month) {
      this.month = month;
      this.used = 0;
      this.exhausted = false;
    }
  }

  /** Throws `quota_exhausted` before a call the budget does not allow. */
  check(api: string, exempt: boolean, urgent: boolean): void {
    if (exempt) return;
    this.roll();
    if (this.exhausted) throw new VendorError('dingtalk', api, 90020, 'the org monthly API quota is used up until next month', 'quota_exhausted');
    if (this.monthly === undefined) return;
    const limit = urgent ? this.monthly : Math.floor(this.monthly * NON_URGENT_SHARE);
    if (this.used >= limit) {
      const who = urgent ? 'all calls' : 'non-urgent pulls';
      throw new VendorError('dingtalk', api, 'budget', `monthly call budget: ${this.used} of ${this.monthly} used, ${who} paused until next month`, 'quota_exhausted');
    }
  }

  record(exempt: boolean): void {
    if (exempt) return;
    this.roll();
    this.used += 1;
  }

  /** The vendor answered 90020 / ApiCountLimitForOrg: no quota-counted call succeeds this month. */
  markExhausted(): void {
    this.roll();
    this.exhausted = true;
  }

  usedThisMonth(): number {
    this.roll();
    return this.used;
  }
}
