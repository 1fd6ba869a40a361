import { createServer } from 'node:net';
import { DateTime } from 'luxon';
import type { DingtalkTenantConfig, TenantConfig, WecomTenantConfig } from '../../config/schema.js';
import { parseProcessCodes } from '../../config/load.js';
import { startDingtalkSandbox } from '../../adapters/dingtalk/sandbox/index.js';
import { startWecomSandbox } from '../../adapters/wecom/sandbox/index.js';
import { generateCompany } from '../sandbox/company.js';
import { splitCompany } from './split.js';

export const DEMO_TENANTS = { wecom: 'wecom-demo', dingtalk: 'dingtalk-demo' } as const;

export interface DemoSandboxes {
  month: string;
  range: { from: string; to: string };
  tenants: TenantConfig[];
  urls: Record<'wecom' | 'dingtalk', string>;
  employees: number;
  close(): Promise<void>;
}

/** A free port on 127.0.0.1, so the sandboxes can be told where to push before the web role listens. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** The previous full month in the zone: what the demo generates, pulls and reports. */
export function previousMonth(now: number, zone: string): { month: string; firstOfThisMonth: string; days: number } {
  const first = DateTime.fromMillis(now, { zone }).startOf('month');
  const prev = first.minus({ months: 1 });
  return { month: prev.toFormat('yyyy-MM'), firstOfThisMonth: first.toISODate() as string, days: prev.daysInMonth as number };
}

/**
 * One generated company, split across a WeCom and a DingTalk sandbox (as after a merger), with
 * the previous full month of data; both push callbacks to `callbackBase`.
 */
export async function startDemoSandboxes(opts: { employees: number; seed: number; now: number; zone: string; callbackBase: string }): Promise<DemoSandboxes> {
  const { month, firstOfThisMonth, days } = previousMonth(opts.now, opts.zone);
  const company = generateCompany({ employees: opts.employees, days, seed: opts.seed, today: firstOfThisMonth, timezone: opts.zone });
  const [wecomHalf, dingtalkHalf] = splitCompany(company);
  const common = { port: 0, host: '127.0.0.1', days, seed: opts.seed, today: firstOfThisMonth };
  const wecom = await startWecomSandbox({ ...common, employees: wecomHalf.employees.length, company: wecomHalf, callbackUrl: `${opts.callbackBase}/callbacks/wecom/${DEMO_TENANTS.wecom}` });
  const dingtalk = await startDingtalkSandbox({ ...common, employees: dingtalkHalf.employees.length, company: dingtalkHalf, callbackUrl: `${opts.callbackBase}/callbacks/dingtalk/${DEMO_TENANTS.dingtalk}` });
  const w = wecom.env;
  const d = dingtalk.env;
  const wecomTenant: WecomTenantConfig = {
    id: DEMO_TENANTS.wecom,
    vendor: 'wecom',
    name: 'Demo company (WeCom)',
    timezone: opts.zone,
    corpId: w.WECOM_CORP_ID as string,
    agentId: w.WECOM_AGENT_ID as string,
    apiBase: w.WECOM_API_BASE as string,
    secrets: { default: w.WECOM_SECRET as string },
    callback: { token: w.WECOM_CALLBACK_TOKEN as string, aesKey: w.WECOM_CALLBACK_AES_KEY as string },
  };
  const dingtalkTenant: DingtalkTenantConfig = {
    id: DEMO_TENANTS.dingtalk,
    vendor: 'dingtalk',
    name: 'Demo company (DingTalk)',
    timezone: opts.zone,
    corpId: d.DINGTALK_CORP_ID as string,
    appKey: d.DINGTALK_APP_KEY as string,
    appSecret: d.DINGTALK_APP_SECRET as string,
    agentId: d.DINGTALK_AGENT_ID as string,
    ...(parseProcessCodes(d.DINGTALK_PROCESS_CODES) ? { processCodes: parseProcessCodes(d.DINGTALK_PROCESS_CODES) as Record<string, string[]> } : {}),
    apiBase: d.DINGTALK_API_BASE as string,
    apiV1Base: d.DINGTALK_API_V1_BASE as string,
    callback: { token: d.DINGTALK_CALLBACK_TOKEN as string, aesKey: d.DINGTALK_CALLBACK_AES_KEY as string },
  };
  return {
    month,
    range: { from: company.from, to: company.to },
    tenants: [wecomTenant, dingtalkTenant],
    urls: { wecom: wecom.url, dingtalk: dingtalk.url },
    employees: company.employees.length,
    close: async () => {
      await wecom.close();
      await dingtalk.close();
    },
  };
}
