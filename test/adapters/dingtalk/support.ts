/** Shared wiring for the DingTalk connector tests: deps, a tenant from the sandbox env, a fresh ledger. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DingtalkTenantConfig } from '../../../config/schema.js';
import { DingtalkConnector, type DingtalkConnectOptions } from '../../../adapters/dingtalk/connector.js';
import type { DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { systemClock, type Clock } from '../../../src/clock.js';
import { RateLimiters } from '../../../src/http/limiter.js';
import { TokenCache } from '../../../src/http/tokenCache.js';
import { openDb, type Db } from '../../../src/ledger/db.js';
import { migrateLatest } from '../../../src/ledger/migrate.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import type { VendorDeps } from '../../../src/vendor/contract.js';

/** Short first retries (faults clear at once), growing past 1 s so a QPS refusal reaches the next window. */
export const FAST_RETRY = { retries: 10, minTimeoutMs: 5, maxTimeoutMs: 1000 };

export function testDeps(clock: Clock = systemClock, callbackMaxAgeSeconds = 0): VendorDeps {
  return { clock, logger: createLogger('silent'), metrics: createMetrics(), tokens: new TokenCache(clock), limiters: new RateLimiters(), callbackMaxAgeSeconds };
}

export async function sandboxTenant(sb: DingtalkSandbox, id = 'dt'): Promise<DingtalkTenantConfig> {
  const truth = (await request(sb.url).get('/__sandbox/truth')).body as { processCodes: Record<string, string> };
  const env = sb.env;
  const need = (k: string): string => {
    const v = env[k];
    if (v === undefined) throw new Error(`sandbox env lacks ${k}`);
    return v;
  };
  const codes = truth.processCodes;
  const one = (t: string): string[] => (codes[t] === undefined ? [] : [codes[t]]);
  return {
    id,
    vendor: 'dingtalk',
    name: 'Sandbox Co',
    corpId: need('DINGTALK_CORP_ID'),
    appKey: need('DINGTALK_APP_KEY'),
    appSecret: need('DINGTALK_APP_SECRET'),
    apiBase: need('DINGTALK_API_BASE'),
    apiV1Base: need('DINGTALK_API_V1_BASE'),
    callback: { token: need('DINGTALK_CALLBACK_TOKEN'), aesKey: need('DINGTALK_CALLBACK_AES_KEY') },
    processCodes: {
      leave: one('leave'),
      overtime: one('overtime'),
      trip: one('trip'),
      outing: one('outing'),
      correction: one('correction'),
      time_off: one('time_off'),
      field: one('field'),
    },
  };
}

export function connectSandbox(tenant: DingtalkTenantConfig, deps: VendorDeps, opts: DingtalkConnectOptions = {}): DingtalkConnector {
  return new DingtalkConnector(tenant, 'Asia/Shanghai', deps, { retry: FAST_RETRY, ...opts });
}

export async function freshLedger(): Promise<Db> {
  const db = openDb(`sqlite:${join(mkdtempSync(join(tmpdir(), 'ab-dingtalk-')), 'ledger.sqlite')}`);
  await migrateLatest(db);
  return db;
}

export async function countWhere(db: Db, table: string, where: Record<string, unknown>): Promise<number> {
  const row = (await db(table).where(where).count({ n: '*' }))[0] as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
