/** Everything one sandbox instance holds: options, credentials, the company and its DingTalk views, tokens, limits, writes. */
import { systemClock, type Clock } from '../../../src/clock.js';
import { generateCompany, type SandboxCompany } from '../../../src/sandbox/company.js';
import { LocalCalendar, addDays } from '../../../src/sandbox/calendar.js';
import { deriveSeed, Rng } from '../../../src/sandbox/rng.js';
import { dingtalkLimits } from '../descriptor.js';
import { sandboxCredentials, type DingtalkCredentials } from './credentials.js';
import { CallLimits } from './limits.js';
import { TokenStore } from './tokens.js';
import { Daybook } from './views/daybook.js';
import { DingtalkIds } from './views/ids.js';
import { InstanceIndex } from './views/instances.js';

export interface DingtalkSandboxOptions {
  /** 0 or absent = a free port. */
  port?: number;
  host?: string;
  employees: number;
  days: number;
  seed: number;
  /** Fraction of API calls that fail transiently (busy), drawn from the seed. */
  faultRate?: number;
  /** Where `POST /__sandbox/push` delivers encrypted events. */
  callbackUrl?: string;
  /** Use this company instead of generating one. */
  company?: SandboxCompany;
  /** Local YYYY-MM-DD; data covers `days` days ending yesterday. Default: today in the company zone. */
  today?: string;
  /** Org-wide monthly call quota (§3: 5 000 documented); null/absent = unlimited. */
  monthlyQuota?: number | null;
  /** Per-app per-API QPS (default 20, §3). */
  qps?: number;
  /** Test hook: the sandbox clock (token expiry, QPS windows, quota month). */
  clock?: Clock;
  tokenTtlSeconds?: number;
  /** Push retry schedule (default 10 s, 30 s, §8.4). */
  pushRetryDelaysMs?: readonly number[];
}

export interface WriteRecord {
  api: string;
  at: number;
  body: Record<string, unknown>;
  key?: string;
}

export interface SandboxState {
  opts: DingtalkSandboxOptions;
  clock: Clock;
  cred: DingtalkCredentials;
  company: SandboxCompany;
  cal: LocalCalendar;
  ids: DingtalkIds;
  daybook: Daybook;
  instances: InstanceIndex;
  tokens: TokenStore;
  limits: CallLimits;
  /** Accepted write-backs per API, in arrival order. */
  writes: Record<string, WriteRecord[]>;
  /** Events whose every push attempt failed (§8.4 failed list), until fetched. */
  failedPushes: { tag: string; time: number; payload: Record<string, unknown> }[];
}

export function createState(opts: DingtalkSandboxOptions): SandboxState {
  const clock = opts.clock ?? systemClock;
  const timezone = opts.company?.timezone ?? 'Asia/Shanghai';
  const cal = new LocalCalendar(timezone);
  const company =
    opts.company ??
    generateCompany({ employees: opts.employees, days: opts.days, seed: opts.seed, today: opts.today ?? cal.today(clock.now()), timezone });
  cal.warm(addDays(company.from, -1), addDays(company.to, 2));
  const ids = new DingtalkIds(company);
  return {
    opts,
    clock,
    cred: sandboxCredentials(opts.seed),
    company,
    cal,
    ids,
    daybook: new Daybook(company, ids, cal),
    instances: new InstanceIndex(company, ids),
    tokens: new TokenStore(clock, (opts.tokenTtlSeconds ?? dingtalkLimits.tokenTtlSeconds) * 1000, new Rng(deriveSeed(opts.seed, 'dingtalk-tokens'))),
    limits: new CallLimits(clock, new Rng(deriveSeed(opts.seed, 'dingtalk-faults')), {
      qps: opts.qps ?? dingtalkLimits.qpsPerAppPerApi,
      monthlyQuota: opts.monthlyQuota ?? null,
      faultRate: opts.faultRate ?? 0,
      timezone,
    }),
    writes: {},
    failedPushes: [],
  };
}

/** Appends a write; with `key` (the vendor's idempotency key) a repeat replaces the earlier record. */
export function recordWrite(state: SandboxState, api: string, body: Record<string, unknown>, key?: string): void {
  const list = (state.writes[api] ??= []);
  const rec: WriteRecord = { api, at: state.clock.now(), body, ...(key !== undefined ? { key } : {}) };
  const i = key === undefined ? -1 : list.findIndex((w) => w.key === key);
  if (i >= 0) list[i] = rec;
  else list.push(rec);
}
