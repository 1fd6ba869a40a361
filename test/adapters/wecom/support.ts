import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WecomTenantConfig } from '../../../config/schema.js';
import { systemClock, type Clock } from '../../../src/clock.js';
import { RateLimiters } from '../../../src/http/limiter.js';
import { TokenCache } from '../../../src/http/tokenCache.js';
import { openDb, type Db } from '../../../src/ledger/db.js';
import { migrateLatest } from '../../../src/ledger/migrate.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import type { VendorDeps } from '../../../src/vendor/contract.js';
import { WecomConnector } from '../../../adapters/wecom/connector.js';

/** Fast backoff so fault-injected runs stay quick; the policy is what production injects too. */
export const fastRetry = { retries: 6, minTimeoutMs: 1, maxTimeoutMs: 10 };

export function testDeps(clock: Clock = systemClock, callbackMaxAgeSeconds = 86_400): VendorDeps {
  return { clock, logger: createLogger('silent'), metrics: createMetrics(), tokens: new TokenCache(clock), limiters: new RateLimiters(), callbackMaxAgeSeconds };
}

/** The tenant a service would configure from the sandbox's printed settings. */
export function tenantFromEnv(env: Record<string, string>, id = 'acme'): WecomTenantConfig {
  const get = (k: string): string => {
    const v = env[k];
    if (v === undefined) throw new Error(`sandbox env lacks ${k}`);
    return v;
  };
  return {
    id,
    vendor: 'wecom',
    corpId: get('WECOM_CORP_ID'),
    agentId: get('WECOM_AGENT_ID'),
    apiBase: get('WECOM_API_BASE'),
    secrets: { default: get('WECOM_SECRET') },
    callback: { token: get('WECOM_CALLBACK_TOKEN'), aesKey: get('WECOM_CALLBACK_AES_KEY') },
  };
}

export function connect(env: Record<string, string>, deps: VendorDeps = testDeps()): WecomConnector {
  return new WecomConnector(tenantFromEnv(env), 'Asia/Shanghai', deps, { retry: fastRetry, timeoutMs: 10_000 });
}

export async function freshLedger(): Promise<Db> {
  const db = openDb(`sqlite:${join(mkdtempSync(join(tmpdir(), 'ab-wecom-')), 'ledger.sqlite')}`);
  await migrateLatest(db);
  return db;
}

export async function count(db: Db, table: string, where: Record<string, unknown> = {}): Promise<number> {
  return Number(((await db(table).where(where).count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
}
