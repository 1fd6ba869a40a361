/** The DingTalk adapter: `connect` gives a tenant connector (streams, callbacks, write-backs, login). */
import type { TenantConfig } from '../../config/schema.js';
import type { VendorAdapter, VendorDeps } from '../../src/vendor/contract.js';
import { DingtalkConnector } from './connector.js';

export { DingtalkConnector, createCallbackCodec, type DingtalkConnectOptions } from './connector.js';
export { DingtalkClient, type DingtalkClientOptions, type CallMeter, type CallOptions } from './client.js';

export const dingtalkAdapter: VendorAdapter = {
  vendor: 'dingtalk',
  connect(tenant: TenantConfig, timezone: string, deps: VendorDeps): DingtalkConnector {
    if (tenant.vendor !== 'dingtalk') throw new Error(`tenant "${tenant.id}" is a ${tenant.vendor} tenant, not dingtalk`);
    return new DingtalkConnector(tenant, timezone, deps);
  },
};
