import assert from 'node:assert/strict';
import request from 'supertest';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import type { DingtalkConnector } from '../../../adapters/dingtalk/connector.js';
import { systemClock } from '../../../src/clock.js';
import type { Db } from '../../../src/ledger/db.js';
import { runStream, tenantUserIds, type StreamRunResult } from '../../../src/sync/runner.js';
import type { DateRange, StreamDef } from '../../../src/vendor/contract.js';
import { connectSandbox, countWhere, freshLedger, sandboxTenant, testDeps } from './support.js';

const ORDER = ['departments', 'users', 'rules', 'schedules', 'punches', 'approvals', 'results'];

async function syncAll(db: Db, connector: DingtalkConnector, range: DateRange, wrap: (s: StreamDef) => StreamDef = (s) => s): Promise<Map<string, StreamRunResult>> {
  const byName = new Map(connector.streams().map((s) => [s.name, s]));
  assert.deepEqual([...byName.keys()].sort(), [...ORDER].sort());
  const out = new Map<string, StreamRunResult>();
  for (const name of ORDER) {
    const stream = byName.get(name);
    assert.ok(stream, name);
    out.set(name, await runStream(db, connector, wrap(stream), { clock: systemClock, backfillDays: 31, range }));
  }
  return out;
}

describe('dingtalk connector: full sync against the sandbox (200 people, 31 days, faults, token expiry)', function () {
  this.timeout(120_000);
  let sb: DingtalkSandbox;
  let db: Db;
  let connector: DingtalkConnector;
  let range: DateRange;
  let first: Map<string, StreamRunResult>;

  before(async () => {
    // 60 QPS on the sandbox (a professional edition, §3), the client allowed 70: QPS errors happen and are retried.
    sb = await startDingtalkSandbox({ port: 0, employees: 200, days: 31, seed: 7, faultRate: 0.1, qps: 60 });
    db = await freshLedger();
    connector = connectSandbox(await sandboxTenant(sb), testDeps(), { qps: 70 });
    range = { from: sb.company.from, to: sb.company.to };
    let approvalPages = 0;
    // Every token dies in the middle of the approvals run; the client must refresh and carry on.
    const expireMidRun = (s: StreamDef): StreamDef =>
      s.name !== 'approvals'
        ? s
        : {
            ...s,
            fetchPage: async (cursor, ctx) => {
              if (++approvalPages === 4) await request(sb.url).post('/__sandbox/expire-tokens').expect(200);
              return s.fetchPage(cursor, ctx);
            },
          };
    first = await syncAll(db, connector, range, expireMidRun);
  });
  after(async () => {
    await sb.close();
    await db.destroy();
  });

  it('ends with the ledger equal to the sandbox truth', async () => {
    const truth = (await request(sb.url).get('/__sandbox/truth')).body as { counts: Record<string, number>; tokensIssued: number };
    const ledger = {
      users: await countWhere(db, 'employee_identities', { tenant_id: 'dt' }),
      departments: await countWhere(db, 'departments', { tenant_id: 'dt' }),
      punches: await countWhere(db, 'punches', { tenant_id: 'dt' }),
      approvals: await countWhere(db, 'requests', { tenant_id: 'dt' }),
    };
    assert.deepEqual(ledger, truth.counts);
    assert.ok(truth.tokensIssued >= 2, 'the token was refreshed after the forced expiry');
  });

  it('holds every punch exactly once, with its instant and verdict', async () => {
    const rows = (await db('punches').where('tenant_id', 'dt').select('source_record_key', 'at', 'location_verdict', 'method')) as { source_record_key: string; at: number; location_verdict: string; method: string }[];
    const expected = new Set(sb.company.punches.map((p) => `${p.employeeKey}:${p.at}`));
    assert.equal(new Set(rows.map((r) => r.source_record_key)).size, rows.length);
    assert.deepEqual(new Set(rows.map((r) => r.source_record_key)), expected);
    const byKey = new Map(rows.map((r) => [r.source_record_key, r]));
    for (const p of sb.company.punches) {
      const row = byKey.get(`${p.employeeKey}:${p.at}`);
      assert.equal(Number(row?.at), p.at);
      if (p.deviceSn !== undefined) assert.equal(row?.method, 'device');
      // Only punches that answered a checkpoint carry DingTalk's location verdict.
      if (row?.location_verdict !== 'uncertain') assert.equal(row?.location_verdict, p.location);
    }
  });

  it('maps approvals to requests with their type and status', async () => {
    const rows = (await db('requests').where('tenant_id', 'dt').select('type', 'status')) as { type: string; status: string }[];
    const tally = (xs: string[]): Record<string, number> => xs.reduce<Record<string, number>>((a, x) => ({ ...a, [x]: (a[x] ?? 0) + 1 }), {});
    assert.deepEqual(tally(rows.map((r) => r.type)), tally(sb.company.approvals.map((a) => a.type)));
    // The sandbox revokes before any approver agreed: DingTalk terminates those, we call them cancelled.
    const expected = sb.company.approvals.map((a) => (a.status === 'revoked' ? 'cancelled' : a.status));
    assert.deepEqual(tally(rows.map((r) => r.status)), tally(expected));
  });

  it('compiles groups and shifts, assigns every employee a group and rosters the rota group', async () => {
    assert.equal(await countWhere(db, 'shifts', { tenant_id: 'dt' }), sb.company.shifts.length);
    assert.equal(await countWhere(db, 'rule_groups', { tenant_id: 'dt' }), sb.company.groups.length);
    const unassigned = await db('employees').whereIn('id', db('employee_identities').where('tenant_id', 'dt').select('employee_id')).whereNull('rule_group_id').count({ n: '*' });
    assert.equal(Number((unassigned[0] as { n: number }).n), 0);
    const ops = sb.company.groups.find((g) => g.kind === 'cycle');
    assert.ok(ops && ops.employeeKeys.length > 0);
    const rostered = (await db('rosters').where('tenant_id', 'dt').countDistinct({ n: 'employee_id' }))[0] as { n: number };
    assert.equal(Number(rostered.n), ops.employeeKeys.length);
    assert.ok((await countWhere(db, 'vendor_day_results', { tenant_id: 'dt' })) > 0);
  });

  it('keeps the punches stream within 1.3× its minimum calls despite faults', async () => {
    const punches = connector.streams().find((s) => s.name === 'punches');
    const users = (await tenantUserIds(db, 'dt')).length;
    const min = punches?.minimumCalls?.(range, users) ?? 0;
    assert.equal(min, Math.ceil(200 / 50) * Math.ceil(31 / 7));
    const calls = first.get('punches')?.calls ?? 0;
    assert.ok(calls >= min && calls <= Math.ceil(min * 1.3), `${calls} calls for a minimum of ${min}`);
  });

  it('a second full sync writes nothing', async () => {
    const second = await syncAll(db, connector, range);
    for (const [name, r] of second) assert.equal(r.written, 0, `${name} wrote ${r.written} rows`);
  });
});

describe('dingtalk connector: punches cost exactly the minimum calls without faults', function () {
  this.timeout(60_000);
  it('calls = ceil(users/50) · ceil(days/7)', async () => {
    const sb = await startDingtalkSandbox({ port: 0, employees: 200, days: 31, seed: 7 });
    const db = await freshLedger();
    try {
      const connector = connectSandbox(await sandboxTenant(sb), testDeps());
      const streams = new Map(connector.streams().map((s) => [s.name, s]));
      const range = { from: sb.company.from, to: sb.company.to };
      const opts = { clock: systemClock, backfillDays: 31, range };
      await runStream(db, connector, streams.get('users') as StreamDef, opts);
      const run = await runStream(db, connector, streams.get('punches') as StreamDef, opts);
      const min = streams.get('punches')?.minimumCalls?.(range, (await tenantUserIds(db, 'dt')).length);
      assert.equal(run.calls, min);
      assert.equal(run.pages, min, 'one call per page, no empty trailing page');
      const truth = (await request(sb.url).get('/__sandbox/truth')).body as { calls: Record<string, number>; counts: { punches: number } };
      assert.equal(truth.calls['attendanceListRecord'], min);
      assert.equal(await countWhere(db, 'punches', { tenant_id: 'dt' }), truth.counts.punches);
    } finally {
      await sb.close();
      await db.destroy();
    }
  });
});
