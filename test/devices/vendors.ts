import { DateTime } from 'luxon';
import request from 'supertest';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../adapters/dingtalk/sandbox/index.js';
import type { DingtalkConnector } from '../../adapters/dingtalk/connector.js';
import { startWecomSandbox, type WecomSandbox } from '../../adapters/wecom/sandbox/index.js';
import type { WecomConnector } from '../../adapters/wecom/connector.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { registerTenants } from '../../src/connectors.js';
import type { Db } from '../../src/ledger/db.js';
import { createLogger } from '../../src/log.js';
import { runStream, type StreamRunResult } from '../../src/sync/runner.js';
import type { DateRange, TenantConnector } from '../../src/vendor/contract.js';
import { flushOutbox, type FlushResult } from '../../src/writeback/outbox.js';
import { oapi, v1Token } from '../adapters/dingtalk/helpers.js';
import { connectSandbox, sandboxTenant, testDeps as dingtalkDeps } from '../adapters/dingtalk/support.js';
import { connect, tenantFromEnv } from '../adapters/wecom/support.js';
import { ZONE } from './helpers.js';

/** The WeCom sandbox as tenant `acme`, the DingTalk sandbox as tenant `dt` (as the adapter tests name them). */
export const WECOM_TENANT = 'acme';
export const DINGTALK_TENANT = 'dt';

export interface Vendors {
  wecom: WecomSandbox;
  dingtalk: DingtalkSandbox;
  wc: WecomConnector;
  dt: DingtalkConnector;
  /** Both companies' data range (the sandboxes share a seed, so the same days). */
  range: DateRange;
  close(): Promise<void>;
}

export async function startVendors(opts: { employees: number; days: number; seed: number }): Promise<Vendors> {
  const wecom = await startWecomSandbox({ port: 0, ...opts });
  const dingtalk = await startDingtalkSandbox({ port: 0, ...opts });
  const dtTenant = await sandboxTenant(dingtalk, DINGTALK_TENANT);
  return {
    wecom,
    dingtalk,
    wc: connect(wecom.env),
    dt: connectSandbox(dtTenant, dingtalkDeps()),
    range: { from: wecom.company.from, to: wecom.company.to },
    async close() {
      await wecom.close();
      await dingtalk.close();
    },
  };
}

/** The `tenants` rows the write-back step joins to find a device tenant's vendor. */
export async function registerVendorTenants(db: Db, v: Vendors, now: number): Promise<void> {
  await registerTenants(db, [tenantFromEnv(v.wecom.env, WECOM_TENANT), await sandboxTenant(v.dingtalk, DINGTALK_TENANT)], ZONE, now);
}

/** A full (ranged) pull of the named streams of one tenant, in order. */
export async function pull(db: Db, conn: TenantConnector, range: DateRange, names: readonly string[]): Promise<Record<string, StreamRunResult>> {
  const out: Record<string, StreamRunResult> = {};
  for (const name of names) {
    const stream = conn.streams().find((s) => s.name === name);
    if (stream === undefined) throw new Error(`${conn.tenant.id} has no stream ${name}`);
    out[name] = await runStream(db, conn, stream, { clock: systemClock, backfillDays: 31, range });
  }
  return out;
}

/** Flushes the outbox to the sandboxes until nothing is due. */
export async function flushAll(db: Db, v: Vendors, clock: Clock = systemClock): Promise<FlushResult> {
  const total: FlushResult = { done: 0, retrying: 0, parked: 0 };
  const byTenant = (t: string): TenantConnector | undefined => (t === WECOM_TENANT ? v.wc : t === DINGTALK_TENANT ? v.dt : undefined);
  for (;;) {
    const r = await flushOutbox(db, { clock, logger: createLogger('silent'), worker: 'device-tests', connector: byTenant });
    total.done += r.done;
    total.retrying += r.retrying;
    total.parked += r.parked;
    if (r.done + r.retrying + r.parked === 0) return total;
  }
}

/** DingTalk `record/upload` calls the sandbox accepted (its truth), in arrival order. */
export async function dingtalkUploads(sb: DingtalkSandbox): Promise<{ userid: string; device_id: string; user_check_time: number }[]> {
  const truth = (await request(sb.url).get('/__sandbox/truth')).body as { writes: Record<string, { body: { userid: string; device_id: string; user_check_time: number } }[]> };
  return (truth.writes['recordUpload'] ?? []).map((w) => w.body);
}

/** getcheckindata rows as WeCom answers them (before our mapping), for one user over [from, to] (ms). */
export async function wecomRows(sb: WecomSandbox, userid: string, from: number, to: number): Promise<{ checkin_time: number; deviceid: string; notes: string }[]> {
  const token = ((await request(sb.url).get('/cgi-bin/gettoken').query({ corpid: sb.state.creds.corpId, corpsecret: sb.state.creds.secret })).body as { access_token: string }).access_token;
  const body = { opencheckindatatype: 3, starttime: Math.floor(from / 1000), endtime: Math.floor(to / 1000), useridlist: [userid] };
  const res = (await request(sb.url).post('/cgi-bin/checkin/getcheckindata').query({ access_token: token }).send(body)).body as { errcode: number; checkindata: { checkin_time: number; deviceid: string; notes: string }[] };
  if (res.errcode !== 0) throw new Error(`getcheckindata: ${res.errcode}`);
  return res.checkindata;
}

/** listRecord rows as DingTalk answers them (before our mapping), for one user over [from, to] (ms). */
export async function dingtalkRows(sb: DingtalkSandbox, userid: string, from: number, to: number): Promise<{ userCheckTime: number; deviceSN?: string; sourceType: string }[]> {
  const token = await v1Token(sb);
  const fmt = (ms: number): string => DateTime.fromMillis(ms, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm:ss');
  const res = await oapi(sb, token, '/attendance/listRecord', { userIds: [userid], checkDateFrom: fmt(from), checkDateTo: fmt(to) });
  if (res.errcode !== 0) throw new Error(`listRecord: ${res.errcode}`);
  return res['recordresult'] as { userCheckTime: number; deviceSN?: string; sourceType: string }[];
}
