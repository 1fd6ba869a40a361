import express, { Router } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../../src/clock.js';
import { addDays, LocalCalendar } from '../../../src/sandbox/calendar.js';
import { generateCompany, type SandboxCompany } from '../../../src/sandbox/company.js';
import { mountAuth } from './api-auth.js';
import { mountCheckinRead } from './api-checkin.js';
import { mountContacts } from './api-contacts.js';
import { mountOa } from './api-oa.js';
import { mountReports } from './api-reports.js';
import { mountCheckinWrites } from './api-writes.js';
import { mountMessages } from './api-messages.js';
import { mountWechat } from './api-wechat.js';
import { mountControl } from './control.js';
import { WecomSandboxState } from './state.js';

export interface WecomSandboxOptions {
  port?: number; // 0 = free port
  host?: string;
  employees: number;
  days: number;
  seed: number;
  faultRate?: number;
  callbackUrl?: string;
  company?: SandboxCompany;
  today?: string;
  /** Pins "now" for tokens, limits and writes (tests); defaults to the wall clock. */
  clock?: Clock;
  /** Pause before each callback retry, ms × attempt (default 500). */
  pushRetryDelayMs?: number;
}

export interface WecomSandbox {
  url: string;
  env: Record<string, string>;
  company: SandboxCompany;
  state: WecomSandboxState;
  close(): Promise<void>;
}

/** Builds the express app and its state without listening (supertest uses it directly). */
export function createWecomSandbox(opts: WecomSandboxOptions): { app: express.Express; state: WecomSandboxState } {
  const clock = opts.clock ?? systemClock;
  const tz = opts.company?.timezone ?? 'Asia/Shanghai';
  const today = opts.today ?? (opts.company ? addDays(opts.company.to, 1) : new LocalCalendar(tz).today(clock.now()));
  const company = opts.company ?? generateCompany({ employees: opts.employees, days: opts.days, seed: opts.seed, today });
  const state = new WecomSandboxState(company, clock, opts.faultRate ?? 0, today);
  const app = express();
  app.disable('x-powered-by');
  mountMessages(app, state);
  // Raw text for every body: the WeCom routes parse JSON themselves to answer 40058 like WeCom.
  app.use(express.text({ type: () => true, limit: '10mb' }));
  const router = Router();
  mountAuth(router, state);
  mountContacts(router, state);
  mountCheckinRead(router, state);
  mountReports(router, state);
  mountCheckinWrites(router, state);
  mountOa(router, state);
  mountWechat(router, state);
  const controlOpts: { callbackUrl?: string; pushRetryDelayMs?: number } = {};
  if (opts.callbackUrl !== undefined) controlOpts.callbackUrl = opts.callbackUrl;
  if (opts.pushRetryDelayMs !== undefined) controlOpts.pushRetryDelayMs = opts.pushRetryDelayMs;
  mountControl(router, state, controlOpts);
  app.use(router);
  return { app, state };
}

/** Starts the protocol-faithful WeCom fake; `env` holds exactly the settings that point a service at it. */
export async function startWecomSandbox(opts: WecomSandboxOptions): Promise<WecomSandbox> {
  const { app, state } = createWecomSandbox(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const { creds } = state;
  return {
    url,
    env: {
      WECOM_API_BASE: url,
      WECOM_CORP_ID: creds.corpId,
      WECOM_SECRET: creds.secret,
      WECOM_AGENT_ID: creds.agentId,
      WECOM_CALLBACK_TOKEN: creds.callbackToken,
      WECOM_CALLBACK_AES_KEY: creds.encodingAesKey,
    },
    company: state.company,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
