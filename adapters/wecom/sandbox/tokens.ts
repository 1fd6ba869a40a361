import { createHash } from 'node:crypto';

type TokenCheck = 'ok' | 'invalid' | 'expired';

/**
 * access_tokens: gettoken returns the current token while it is valid (WeCom gives the same token
 * until expiry), a new one afterwards. `expireAll` imitates WeCom invalidating tokens early.
 */
export class TokenStore {
  private readonly tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  private current: string | null = null;
  private counter = 0;
  constructor(
    private readonly seed: number,
    private readonly ttlSeconds: number,
  ) {}

  issue(now: number): { token: string; expiresIn: number } {
    const cur = this.current === null ? undefined : this.tokens.get(this.current);
    if (this.current !== null && cur && !cur.revoked && cur.expiresAt > now) {
      return { token: this.current, expiresIn: Math.ceil((cur.expiresAt - now) / 1000) };
    }
    this.counter++;
    const token = createHash('sha512').update(`wecom-sandbox-token:${this.seed}:${this.counter}`).digest('base64url');
    this.tokens.set(token, { expiresAt: now + this.ttlSeconds * 1000, revoked: false });
    this.current = token;
    return { token, expiresIn: this.ttlSeconds };
  }

  check(token: string, now: number): TokenCheck {
    const t = this.tokens.get(token);
    if (!t) return 'invalid';
    return t.revoked || t.expiresAt <= now ? 'expired' : 'ok';
  }

  /** Expires every issued token; returns how many were live. */
  expireAll(now: number): number {
    let n = 0;
    for (const t of this.tokens.values()) {
      if (!t.revoked && t.expiresAt > now) n++;
      t.revoked = true;
    }
    return n;
  }
}
