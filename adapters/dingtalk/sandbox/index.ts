/**
 * Protocol-faithful DingTalk fake (docs/dingtalk.md). Start it, point a client at `env`, read
 * `/__sandbox/truth` to check what a complete pull should have found.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sandboxAgentId } from './routes/messages.js';
import type { SandboxCompany } from '../../../src/sandbox/company.js';
import { createDingtalkApp } from './server.js';
import { createState, type DingtalkSandboxOptions } from './state.js';

export type { DingtalkSandboxOptions } from './state.js';

export interface DingtalkSandbox {
  url: string;
  env: Record<string, string>;
  company: SandboxCompany;
  close(): Promise<void>;
}

export async function startDingtalkSandbox(opts: DingtalkSandboxOptions): Promise<DingtalkSandbox> {
  const state = createState(opts);
  const app = createDingtalkApp(state);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const srv = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(srv)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const { cred } = state;
  return {
    url,
    env: {
      DINGTALK_API_BASE: url,
      DINGTALK_API_V1_BASE: url,
      DINGTALK_CORP_ID: cred.corpId,
      DINGTALK_APP_KEY: cred.appKey,
      DINGTALK_APP_SECRET: cred.appSecret,
      DINGTALK_CALLBACK_TOKEN: cred.callbackToken,
      DINGTALK_CALLBACK_AES_KEY: cred.callbackAesKey,
      DINGTALK_AGENT_ID: sandboxAgentId(state.company.seed),
      DINGTALK_PROCESS_CODES: Object.entries(state.ids.processCodes).map(([type, code]) => `${type}:${code}`).join('/'),
    },
    company: state.company,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
