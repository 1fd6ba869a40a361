/**
 * App access tokens and one-time free-login codes. One app, one current token: asking again
 * inside the window returns the same token and extends it (§2.1/2.2); superseded or forced-out
 * tokens answer "expired", unknown strings "invalid".
 */
import type { Clock } from '../../../src/clock.js';
import type { Rng } from '../../../src/sandbox/rng.js';

export type TokenCheck = 'ok' | 'missing' | 'invalid' | 'expired';

const AUTH_CODE_TTL_MS = 5 * 60_000;

function hex(rng: Rng, n: number): string {
  let s = '';
  while (s.length < n) s += rng.int(0, 15).toString(16);
  return s;
}

export class TokenStore {
  private readonly expiry = new Map<string, number>();
  private current: string | undefined;
  private readonly codes = new Map<string, { userid: string; expiresAt: number }>();
  issued = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly rng: Rng,
  ) {}

  /** Returns the current token (extended) or a fresh one; `expiresIn` in seconds. */
  issue(): { token: string; expiresIn: number } {
    const now = this.clock.now();
    let token = this.current;
    if (token === undefined || (this.expiry.get(token) ?? 0) <= now) {
      token = hex(this.rng, 32);
      this.current = token;
      this.issued++;
    }
    this.expiry.set(token, now + this.ttlMs);
    return { token, expiresIn: Math.round(this.ttlMs / 1000) };
  }

  check(token: string | undefined): TokenCheck {
    if (token === undefined || token === '') return 'missing';
    const exp = this.expiry.get(token);
    if (exp === undefined) return 'invalid';
    return exp > this.clock.now() ? 'ok' : 'expired';
  }

  /** Test hook: every token issued so far stops working now. */
  expireAll(): number {
    const now = this.clock.now();
    let n = 0;
    for (const [t, exp] of this.expiry) {
      if (exp > now) n++;
      this.expiry.set(t, now);
    }
    return n;
  }

  issueAuthCode(userid: string): string {
    const code = hex(this.rng, 32);
    this.codes.set(code, { userid, expiresAt: this.clock.now() + AUTH_CODE_TTL_MS });
    return code;
  }

  /** One-time: a code works once and within 5 minutes. */
  redeemAuthCode(code: string): string | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry || entry.expiresAt <= this.clock.now()) return undefined;
    return entry.userid;
  }
}
