import type { Config, TenantConfig } from '../config/schema.js';
import type { Clock } from './clock.js';
import { RateLimiters } from './http/limiter.js';
import { TokenCache } from './http/tokenCache.js';
import type { Db } from './ledger/db.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { TenantConnector, VendorAdapter } from './vendor/contract.js';

/** Every configured tenant, connected through its vendor's adapter, sharing one token cache and limiter set. */
export class Connectors {
  private readonly byId = new Map<string, TenantConnector>();

  constructor(config: Config, adapters: readonly VendorAdapter[], services: { clock: Clock; logger: Logger; metrics: Metrics }) {
    const deps = {
      ...services,
      tokens: new TokenCache(services.clock),
      limiters: new RateLimiters(),
      callbackMaxAgeSeconds: config.callbackMaxAgeSeconds,
    };
    for (const tenant of config.tenants) {
      const adapter = adapters.find((a) => a.vendor === tenant.vendor);
      if (adapter === undefined) throw new Error(`no adapter for vendor "${tenant.vendor}" (tenant ${tenant.id})`);
      this.byId.set(tenant.id, adapter.connect(tenant, tenant.timezone ?? config.timezone, deps));
    }
  }

  all(): TenantConnector[] {
    return [...this.byId.values()];
  }

  get(tenantId: string): TenantConnector | undefined {
    return this.byId.get(tenantId);
  }

  /** The connector of `tenantId`, if it belongs to `vendor` (callback URLs name both). */
  forVendor(vendor: string, tenantId: string): TenantConnector | undefined {
    const c = this.byId.get(tenantId);
    return c?.tenant.vendor === vendor ? c : undefined;
  }
}

/** Records the configured tenants (non-secret settings only) so the ledger names who its data came from. */
export async function registerTenants(db: Db, tenants: readonly TenantConfig[], defaultTimezone: string, now: number): Promise<void> {
  for (const t of tenants) {
    const row = { id: t.id, vendor: t.vendor, corp_id: t.corpId, name: t.name ?? t.id, timezone: t.timezone ?? defaultTimezone, settings: JSON.stringify({ agentId: t.agentId ?? null }), created_at: now };
    await db('tenants').insert(row).onConflict('id').merge(['vendor', 'corp_id', 'name', 'timezone', 'settings']);
  }
}
