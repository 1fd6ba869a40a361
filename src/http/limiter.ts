import pThrottle from 'p-throttle';

export interface RateLimit {
  limit: number;
  intervalMs: number;
}

/**
 * One throttle per (tenant, API) key, created on first use from the API's documented limit, so a
 * busy API never starves another and a pull never trips the vendor's own limiter.
 */
export class RateLimiters {
  private readonly throttles = new Map<string, <T>(fn: () => Promise<T>) => Promise<T>>();

  schedule<T>(key: string, limit: RateLimit, fn: () => Promise<T>): Promise<T> {
    let run = this.throttles.get(key);
    if (run === undefined) {
      const throttle = pThrottle({ limit: limit.limit, interval: limit.intervalMs, strict: true });
      const throttled = throttle(<T>(f: () => Promise<T>) => f());
      run = <T>(f: () => Promise<T>) => throttled(f) as Promise<T>;
      this.throttles.set(key, run);
    }
    return run(fn);
  }
}
