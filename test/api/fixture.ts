import assert from 'node:assert/strict';
import type { Express } from 'express';
import type { Response } from 'supertest';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { createToken } from '../../src/api/auth/tokens.js';
import type { Role } from '../../src/api/auth/roles.js';
import type { ApiDeps } from '../../src/api/registry.js';
import { apiRouter } from '../../src/api/router.js';
import { apiRoutes } from '../../src/api/routes/index.js';
import { ManualClock } from '../../src/clock.js';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { applyChanges } from '../../src/ledger/apply.js';
import type { Db } from '../../src/ledger/db.js';
import { employeeIdFor, scopedId } from '../../src/ledger/ids.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createApp } from '../../src/web/app.js';

/**
 * A small organisation for the API tests, seeded through the ledger and recompute:
 *   hq ── eng ── web        boss (hq), zhang (eng, a manager), wang (web)
 *      └─ sales             li (sales)
 * Office hours 09:00–18:00 with lunch 12:00–13:00, Monday to Friday, Asia/Shanghai.
 */
export const TENANT = { id: 'acme', timezone: 'Asia/Shanghai' };
export const emp = (u: string): string => employeeIdFor(TENANT.id, u);
export const dept = (d: string): string => scopedId(TENANT.id, d);
export const at = (iso: string): number => Date.parse(iso);
/** "Now" in the tests: Tuesday 10 March 2026, 10:00 in Shanghai. */
export const NOW = at('2026-03-10T10:00:00+08:00');

const punch = (u: string, iso: string) => ({ kind: 'punch', externalUserId: u, sourceRecordKey: `${u}@${iso}`, at: at(iso), method: 'gps' });

export interface Fixture {
  db: Db;
  app: Express;
  clock: ManualClock;
  deps: ApiDeps;
  tokens: Record<'wang' | 'li' | 'zhang' | 'salesManager' | 'hr' | 'admin' | 'system', string>;
}

export function testConfig(): Pick<Config, 'policy' | 'timezone' | 'bodyLimit'> {
  const c = loadConfig({});
  return { policy: { ...c.policy, correctionWindowDays: 30, correctionsPerMonth: 2 }, timezone: 'Asia/Shanghai', bodyLimit: '16kb' };
}

export async function seed(db: Db): Promise<Fixture> {
  const clock = new ManualClock(NOW);
  await db('tenants').insert({ id: TENANT.id, vendor: 'wecom', corp_id: 'ww-acme', name: 'Acme', timezone: TENANT.timezone, created_at: NOW });
  await applyChanges(db, TENANT, [
    { kind: 'department', externalId: 'hq', parentExternalId: null, name: 'HQ' },
    { kind: 'department', externalId: 'eng', parentExternalId: 'hq', name: 'Engineering' },
    { kind: 'department', externalId: 'web', parentExternalId: 'eng', name: 'Web' },
    { kind: 'department', externalId: 'sales', parentExternalId: 'hq', name: 'Sales' },
    { kind: 'employee', externalUserId: 'boss', name: 'Boss', departmentExternalId: 'hq', jobNumber: 'A001', mobile: '13800000001' },
    { kind: 'employee', externalUserId: 'zhang', name: 'Zhang San', departmentExternalId: 'eng', jobNumber: 'A002' },
    { kind: 'employee', externalUserId: 'wang', name: 'Wang Wu', departmentExternalId: 'web', jobNumber: 'A003', mobile: '13800000003' },
    { kind: 'employee', externalUserId: 'li', name: 'Li Si', departmentExternalId: 'sales', jobNumber: 'A004' },
    { kind: 'shift', externalId: 'day', name: 'Day 9-18', definition: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }] } },
    { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['boss', 'zhang', 'wang', 'li'] },
    punch('wang', '2026-03-02T08:58:00+08:00'),
    punch('wang', '2026-03-02T18:03:00+08:00'),
    punch('wang', '2026-03-03T09:20:00+08:00'),
    punch('wang', '2026-03-03T18:01:00+08:00'),
    punch('li', '2026-03-02T08:59:00+08:00'),
    punch('zhang', '2026-03-02T08:55:00+08:00'),
    punch('zhang', '2026-03-02T18:10:00+08:00'),
  ], clock);
  await recomputeDirty(db, { clock, policy: testConfig().policy, defaultTimezone: 'Asia/Shanghai' });
  const late = (await db('punches').select('id').where('source_record_key', 'wang@2026-03-03T09:20:00+08:00').first()) as { id: number };
  await db('anomalies').insert({ subject_kind: 'punch', subject_id: String(late.id), code: 'mock_location', state: 'open', created_at: NOW });
  await db('balances').insert({ employee_id: emp('wang'), kind: 'time_off', entry_type: 'earn', minutes: 240, effective_on: '2026-03-01', expires_on: null, source_key: `ot:${emp('wang')}:2026-03-01`, created_at: NOW });

  const make = (role: Role, name: string, extra: { employeeId?: string; departmentId?: string } = {}) => createToken(db, { role, name, ...extra }, clock);
  const tokens = {
    wang: await make('employee', 'wang', { employeeId: emp('wang') }),
    li: await make('employee', 'li', { employeeId: emp('li') }),
    zhang: await make('manager', 'zhang', { employeeId: emp('zhang') }),
    salesManager: await make('manager', 'sales lead', { departmentId: dept('sales') }),
    hr: await make('hr', 'hr'),
    admin: await make('admin', 'admin'),
    system: await make('system', 'integration'),
  };
  const deps: ApiDeps = { db, clock, logger: createLogger('silent'), config: testConfig() };
  const app = createApp({ db, logger: deps.logger, metrics: createMetrics(), routers: [{ path: '/api/v1', router: apiRouter(deps) }] });
  return { db, app, clock, deps, tokens };
}

export const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** Asserts a 2xx body matches the response schema the route documents (so the document cannot lie). */
export function assertDocumented(method: 'get' | 'post', path: string, res: Response): void {
  const route = apiRoutes.find((r) => r.method === method && new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path.split('?')[0] as string));
  assert.ok(route, `no route for ${method} ${path}`);
  const parsed = route.response.safeParse(res.body);
  assert.ok(parsed.success, `${method} ${path}: ${JSON.stringify(parsed.error?.issues)}`);
}

export async function count(db: Db, table: string): Promise<number> {
  return Number(((await db(table).count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
}
