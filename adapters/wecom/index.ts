import type { VendorAdapter } from '../../src/vendor/contract.js';
import type { WecomClientOptions } from './client.js';
import { WecomConnector } from './connector.js';

/** Builds the WeCom adapter; tests pass a fast retry policy and short timeouts. */
export function createWecomAdapter(opts: WecomClientOptions = {}): VendorAdapter {
  return {
    vendor: 'wecom',
    connect(tenant, timezone, deps) {
      if (tenant.vendor !== 'wecom') throw new Error(`wecom adapter cannot connect a ${tenant.vendor} tenant`);
      return new WecomConnector(tenant, timezone, deps, opts);
    },
  };
}

export const wecomAdapter: VendorAdapter = createWecomAdapter();
export { WecomConnector } from './connector.js';
