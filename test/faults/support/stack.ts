import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { startWecomSandbox, type WecomSandbox } from '../../../adapters/wecom/sandbox/index.js';
import { scratchDatabase, serverAddress, type ScratchDatabase } from '../../../src/bench/load/mariadb.js';
import { TcpProxy } from '../../../src/bench/load/proxy.js';
import { spawnCli, type CliProcess } from '../../../src/bench/load/processes.js';
import { MYSQL_URL } from './env.js';

/** Two sandboxes, a scratch MariaDB database behind a proxy, and the env that points children at them. */
export interface Stack {
  wecom: WecomSandbox;
  dingtalk: DingtalkSandbox;
  scratch: ScratchDatabase;
  proxy: TcpProxy;
  env: Record<string, string>;
  /** Every line every child printed, for the canary check. */
  lines: string[];
  spawn(args: string[], extraEnv?: Record<string, string>): CliProcess;
  close(): Promise<void>;
}

export async function startStack(opts: { tag: string; employees: number; seed: number; faultRate: number; callbackUrl?: string }): Promise<Stack> {
  const common = { port: 0, host: '127.0.0.1', employees: opts.employees, days: 31, seed: opts.seed, faultRate: opts.faultRate };
  const wecom = await startWecomSandbox({ ...common, ...(opts.callbackUrl ? { callbackUrl: `${opts.callbackUrl}/callbacks/wecom/default`, pushRetryDelayMs: 200 } : {}) });
  const dingtalk = await startDingtalkSandbox({ ...common, ...(opts.callbackUrl ? { callbackUrl: `${opts.callbackUrl}/callbacks/dingtalk/default-dingtalk`, pushRetryDelaysMs: [200, 500] } : {}) });
  const scratch = await scratchDatabase(MYSQL_URL, opts.tag);
  const { host, port } = serverAddress(MYSQL_URL);
  const proxy = new TcpProxy(host, port);
  const proxyPort = await proxy.start();
  const env = { ...wecom.env, ...(await dingtalkTenantFile(dingtalk)), DATABASE_URL: scratch.viaPort(proxyPort), LOG_LEVEL: 'debug', SYNC_BACKFILL_DAYS: '32' };
  const lines: string[] = [];
  const children = new Set<CliProcess>();
  return {
    wecom,
    dingtalk,
    scratch,
    proxy,
    env,
    lines,
    spawn(args, extraEnv = {}) {
      const proc = spawnCli(args, { ...env, ...extraEnv }, { onLine: (l) => lines.push(l) });
      children.add(proc);
      void proc.exited.then(() => children.delete(proc));
      return proc;
    },
    async close() {
      for (const c of children) c.kill('SIGKILL');
      await Promise.all([...children].map((c) => c.exited));
      await proxy.close();
      await scratch.drop();
      await wecom.close();
      await dingtalk.close();
    },
  };
}

/**
 * WeCom comes in through the single-tenant variables (tenant `default`). DingTalk needs its approval
 * process codes, which only a tenants file can carry, so it is tenant `default-dingtalk` of a file
 * whose secrets name the sandbox's variables.
 */
async function dingtalkTenantFile(sb: DingtalkSandbox): Promise<Record<string, string>> {
  const codes = ((await truthOf(sb.url)) as unknown as { processCodes: Record<string, string> }).processCodes;
  const e = sb.env;
  const tenant = {
    id: 'default-dingtalk',
    vendor: 'dingtalk',
    corpId: e['DINGTALK_CORP_ID'],
    appKey: e['DINGTALK_APP_KEY'],
    appSecret: { env: 'DINGTALK_APP_SECRET' },
    apiBase: e['DINGTALK_API_BASE'],
    apiV1Base: e['DINGTALK_API_V1_BASE'],
    callback: { token: { env: 'DINGTALK_CALLBACK_TOKEN' }, aesKey: { env: 'DINGTALK_CALLBACK_AES_KEY' } },
    processCodes: Object.fromEntries(Object.entries(codes).map(([type, code]) => [type, [code]])),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'ab-faults-')), 'tenants.json');
  writeFileSync(file, JSON.stringify([tenant]));
  return {
    TENANTS_FILE: file,
    DINGTALK_APP_SECRET: e['DINGTALK_APP_SECRET'] ?? '',
    DINGTALK_CALLBACK_TOKEN: e['DINGTALK_CALLBACK_TOKEN'] ?? '',
    DINGTALK_CALLBACK_AES_KEY: e['DINGTALK_CALLBACK_AES_KEY'] ?? '',
  };
}

export async function truthOf(url: string): Promise<{ from: string; to: string; counts: Record<string, number>; calls: Record<string, number>; writes: unknown }> {
  return (await (await fetch(`${url}/__sandbox/truth`)).json()) as { from: string; to: string; counts: Record<string, number>; calls: Record<string, number>; writes: unknown };
}

export async function expireTokens(url: string): Promise<void> {
  await fetch(`${url}/__sandbox/expire-tokens`, { method: 'POST' });
}

/**
 * What a SIGKILLed process leaves behind expires by itself (a lease after 45 s, an outbox claim
 * after 120 s). The suite knows the process is dead, so it moves those expiry times to the past,
 * as if the time had passed; nothing else about the rows changes.
 */
export async function expireWhatTheDeadHeld(scratch: ScratchDatabase, worker: string): Promise<void> {
  await scratch.db('leases').where('holder', worker).update({ expires_at: 0 });
  await scratch.db('writeback_outbox').where('claimed_by', worker).update({ claimed_until: 0 });
}
