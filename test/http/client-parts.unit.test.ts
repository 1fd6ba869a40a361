import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { RateLimiters } from '../../src/http/limiter.js';
import { withRetry } from '../../src/http/retry.js';
import { TokenCache } from '../../src/http/tokenCache.js';
import { VendorError } from '../../src/http/vendorError.js';
import { backoffMs } from '../../src/backoff.js';

const fast = { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 5 };

describe('vendor client parts', () => {
  describe('TokenCache', () => {
    it('fetches once for a burst of callers and reuses the token until shortly before expiry', async () => {
      const clock = new ManualClock(0);
      const cache = new TokenCache(clock, 300_000);
      let fetches = 0;
      const fetch = async () => {
        fetches += 1;
        await new Promise((r) => setTimeout(r, 5));
        return { token: `T${fetches}`, expiresIn: 7200 };
      };
      const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.get('corp|secret', fetch)));
      assert.deepEqual(new Set(tokens), new Set(['T1']));
      assert.equal(fetches, 1);
      clock.advance((7200 - 301) * 1000);
      assert.equal(await cache.get('corp|secret', fetch), 'T1');
      clock.advance(2000);
      assert.equal(await cache.get('corp|secret', fetch), 'T2', 'refreshed inside the safety margin');
    });

    it('drops a refused token only if it is still the current one', async () => {
      const cache = new TokenCache(new ManualClock(0));
      let n = 0;
      const fetch = async () => ({ token: `T${++n}`, expiresIn: 7200 });
      assert.equal(await cache.get('k', fetch), 'T1');
      cache.invalidate('k', 'T0');
      assert.equal(await cache.get('k', fetch), 'T1');
      cache.invalidate('k', 'T1');
      assert.equal(await cache.get('k', fetch), 'T2');
    });
  });

  describe('withRetry', () => {
    it('retries transient vendor errors and network failures, then succeeds', async () => {
      const errors: unknown[] = [new VendorError('wecom', 'x', -1, 'busy', 'retry'), Object.assign(new Error('reset'), { code: 'ECONNRESET' }), new VendorError('wecom', 'x', 45009, 'limit', 'rate_limited')];
      let calls = 0;
      const v = await withRetry(async () => {
        const e = errors[calls++];
        if (e) throw e;
        return 'ok';
      }, () => assert.fail('no token refresh expected'), fast);
      assert.equal(v, 'ok');
      assert.equal(calls, 4);
    });

    it('refreshes a refused token once and retries immediately, but fails on a second refusal', async () => {
      let refreshed = 0;
      let calls = 0;
      const v = await withRetry(async () => {
        if (++calls === 1) throw new VendorError('wecom', 'x', 42001, 'expired', 'refresh_token');
        return calls;
      }, () => { refreshed += 1; }, fast);
      assert.equal(v, 2);
      assert.equal(refreshed, 1);
      await assert.rejects(withRetry(async () => { throw new VendorError('wecom', 'x', 40014, 'invalid', 'refresh_token'); }, () => undefined, fast), /40014/);
    });

    it('fails at once on a permanent error', async () => {
      let calls = 0;
      await assert.rejects(withRetry(async () => { calls += 1; throw new VendorError('wecom', 'x', 60020, 'ip not allowed', 'fail'); }, () => undefined, fast), (e: unknown) => e instanceof VendorError && e.code === '60020');
      assert.equal(calls, 1);
    });
  });

  describe('RateLimiters', () => {
    it('holds an API to its limit per interval and keeps APIs apart', async () => {
      const limiters = new RateLimiters();
      const started: number[] = [];
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 6 }, () => limiters.schedule('acme:getcheckindata', { limit: 3, intervalMs: 200 }, async () => { started.push(performance.now() - t0); })));
      const other = performance.now();
      await limiters.schedule('acme:user/get', { limit: 3, intervalMs: 200 }, async () => undefined);
      assert.ok(performance.now() - other < 100, 'another API is not held back');
      assert.ok(started.filter((s) => s < 150).length <= 3, `at most 3 in the first interval: ${started.join(',')}`);
      assert.ok(started.some((s) => s >= 150), 'the rest wait');
    });
  });

  it('backoff grows exponentially with jitter and a cap', () => {
    assert.equal(backoffMs(1, 0, 1000), 500);
    assert.equal(backoffMs(1, 1, 1000), 1000);
    assert.equal(backoffMs(3, 1, 1000), 4000);
    assert.equal(backoffMs(30, 1, 1000, 60_000), 60_000);
  });
});
