import type { Clock } from '../clock.js';

export interface IssuedToken {
  token: string;
  /** Seconds the vendor says the token lives. */
  expiresIn: number;
}

interface Entry {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens per key (corp + secret, or app), reused until shortly before expiry. Concurrent
 * callers share one refresh (single flight), so a burst never fetches twice. `invalidate` drops
 * a token the vendor refused, but only if it is still the current one.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly clock: Clock,
    private readonly marginMs = 300_000,
  ) {}

  async get(key: string, fetch: () => Promise<IssuedToken>): Promise<string> {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt - this.marginMs > this.clock.now()) return entry.token;
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending;
    const refresh = (async () => {
      try {
        const issued = await fetch();
        this.entries.set(key, { token: issued.token, expiresAt: this.clock.now() + issued.expiresIn * 1000 });
        return issued.token;
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, refresh);
    return refresh;
  }

  invalidate(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}
