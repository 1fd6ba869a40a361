import type { Express } from 'express';
import request from 'supertest';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { createToken } from '../../src/api/auth/tokens.js';
import type { Role } from '../../src/api/auth/roles.js';
import { apiRouter } from '../../src/api/router.js';
import { checkinRouter, type CheckinRouterDeps } from '../../src/checkin/router.js';
import type { WechatConfig } from '../../src/checkin/wechat.js';
import { ManualClock, type Clock } from '../../src/clock.js';
import { applyChanges } from '../../src/ledger/apply.js';
import type { Db } from '../../src/ledger/db.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import type { TenantConnector } from '../../src/vendor/contract.js';
import { createApp } from '../../src/web/app.js';

/**
 * A small organisation for the check-in tests: wang, li, chen (office group), zhao (the field
 * group, whose sites refuse out-of-range check-ins), a manager and HR. Asia/Shanghai.
 */
export const TENANT = { id: 'acme', timezone: 'Asia/Shanghai' };
export const emp = (u: string): string => employeeIdFor(TENANT.id, u);
export const at = (iso: string): number => Date.parse(iso);
/** "Now": Tuesday 10 March 2026, 08:55 in Shanghai. */
export const NOW = at('2026-03-10T08:55:00+08:00');

/** The People's Square office: its fence as a map shows it (GCJ-02, as WeCom and AMap store it). */
export const OFFICE_GCJ = { lat: 31.22845773757727, lng: 121.47822305927693 };
/** The same spot as a phone's GPS reports it (WGS-84): about 500 m from the GCJ-02 numbers. */
export const OFFICE_WGS = { lat: 31.2304, lng: 121.4737 };

export interface Fixture {
  db: Db;
  app: Express;
  clock: ManualClock;
  tokens: Record<'wang' | 'li' | 'chen' | 'zhao' | 'manager' | 'hr', string>;
}

export interface FixtureOptions {
  connectors?: CheckinRouterDeps['connectors'];
  wechat?: WechatConfig;
  clock?: ManualClock;
  policy?: Partial<Config['policy']>;
}

export function testConfig(policy: Partial<Config['policy']> = {}): CheckinRouterDeps['config'] {
  const c = loadConfig({});
  return { policy: { ...c.policy, ...policy }, timezone: 'Asia/Shanghai', bodyLimit: '1mb' };
}

const noConnectors: CheckinRouterDeps['connectors'] = { get: () => undefined, all: (): TenantConnector[] => [] };

export function buildApp(db: Db, clock: Clock, opts: FixtureOptions = {}): Express {
  const deps = { db, clock, logger: createLogger('silent'), config: testConfig(opts.policy) };
  return createApp({
    db,
    logger: deps.logger,
    metrics: createMetrics(),
    routers: [
      { path: '/api/v1', router: apiRouter(deps) },
      { path: '/', router: checkinRouter({ ...deps, connectors: opts.connectors ?? noConnectors, wechat: opts.wechat }) },
    ],
  });
}

export async function seed(db: Db, opts: FixtureOptions = {}): Promise<Fixture> {
  const clock = opts.clock ?? new ManualClock(NOW);
  await db('tenants').insert({ id: TENANT.id, vendor: 'wecom', corp_id: 'ww-acme', name: 'Acme', timezone: TENANT.timezone, created_at: NOW });
  await applyChanges(db, TENANT, [
    { kind: 'department', externalId: 'hq', parentExternalId: null, name: 'HQ' },
    { kind: 'department', externalId: 'ops', parentExternalId: 'hq', name: 'Field ops' },
    { kind: 'employee', externalUserId: 'wang', name: 'Wang Wu', departmentExternalId: 'hq' },
    { kind: 'employee', externalUserId: 'li', name: 'Li Si', departmentExternalId: 'hq' },
    { kind: 'employee', externalUserId: 'chen', name: 'Chen Liu', departmentExternalId: 'hq' },
    { kind: 'employee', externalUserId: 'zhao', name: 'Zhao Qi', departmentExternalId: 'ops' },
    { kind: 'employee', externalUserId: 'boss', name: 'Boss', departmentExternalId: 'ops' },
    { kind: 'shift', externalId: 'day', name: 'Day 9-18', definition: { segments: [{ start: '09:00', end: '18:00' }] } },
    { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['wang', 'li', 'chen'] },
    { kind: 'rule_group', externalId: 'field', name: 'Field', pattern: { kind: 'fixed', week: { mon: 'day' } }, policy: { outOfRange: 'reject' }, memberExternalUserIds: ['zhao', 'boss'] },
  ], clock);
  const make = (role: Role, name: string, extra: { employeeId?: string; departmentId?: string } = {}) => createToken(db, { role, name, ...extra }, clock);
  const tokens = {
    wang: await make('employee', 'wang', { employeeId: emp('wang') }),
    li: await make('employee', 'li', { employeeId: emp('li') }),
    chen: await make('employee', 'chen', { employeeId: emp('chen') }),
    zhao: await make('employee', 'zhao', { employeeId: emp('zhao') }),
    manager: await make('manager', 'boss', { employeeId: emp('boss') }),
    hr: await make('hr', 'hr'),
  };
  return { db, app: buildApp(db, clock, opts), clock, tokens };
}

export const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** Creates a site through the API and returns its id. */
export async function addSite(f: Fixture, body: Record<string, unknown>): Promise<string> {
  const res = await request(f.app).post('/api/v1/sites').set(...bearer(f.tokens.hr)).send({ timezone: 'Asia/Shanghai', ...body });
  if (res.status !== 201) throw new Error(`site: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

export async function count(db: Db, table: string, where: Record<string, unknown> = {}): Promise<number> {
  return Number(((await db(table).where(where).count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
}

/** Flag codes stored for a punch or an attempt. */
export async function flagsOf(db: Db, kind: 'punch' | 'attempt', id: string): Promise<string[]> {
  return ((await db('anomalies').select('code').where({ subject_kind: kind, subject_id: id }).orderBy('code')) as { code: string }[]).map((r) => r.code);
}
