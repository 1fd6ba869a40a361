/** Shared nock fixtures for the DingTalk client unit tests: a tenant on the default hosts, deps, the token endpoint. */
import { Writable } from 'node:stream';
import nock from 'nock';
import type { DingtalkTenantConfig } from '../../../config/schema.js';
import { ManualClock } from '../../../src/clock.js';
import { RateLimiters } from '../../../src/http/limiter.js';
import { TokenCache } from '../../../src/http/tokenCache.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import type { VendorDeps } from '../../../src/vendor/contract.js';

export const OAPI = 'https://oapi.dingtalk.com';
export const V1 = 'https://api.dingtalk.com';
export const SECRET = 'app-secret-never-logged';
export const fast = { retries: 4, minTimeoutMs: 1, maxTimeoutMs: 5 };

export const unitTenant: DingtalkTenantConfig = { id: 'acme', vendor: 'dingtalk', corpId: 'dingcorp', appKey: 'dingappkey', appSecret: SECRET };

export function unitDeps(clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z')), logLines?: string[]): VendorDeps {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines?.push(chunk.toString());
      done();
    },
  });
  return { clock, logger: createLogger(logLines ? 'debug' : 'silent', sink), metrics: createMetrics(), tokens: new TokenCache(clock), limiters: new RateLimiters(), callbackMaxAgeSeconds: 0 };
}

/** The v1.0 token endpoint, answering tokens T1, T2 … in turn. */
export function tokenScope(times = 1): { issued: () => number } {
  let n = 0;
  nock(V1)
    .post('/v1.0/oauth2/accessToken', { appKey: 'dingappkey', appSecret: SECRET })
    .times(times)
    .reply(200, () => ({ accessToken: `T${++n}`, expireIn: 7200 }));
  return { issued: () => n };
}

