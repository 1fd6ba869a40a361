import type { VendorAdapter } from '../src/vendor/contract.js';
import { dingtalkAdapter } from './dingtalk/index.js';
import { wecomAdapter } from './wecom/index.js';

/** Every vendor the service connects to; a new vendor is a new folder and one line here. */
export const adapters: readonly VendorAdapter[] = [wecomAdapter, dingtalkAdapter];
