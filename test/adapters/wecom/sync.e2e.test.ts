import assert from 'node:assert/strict';
import { systemClock } from '../../../src/clock.js';
import type { Db } from '../../../src/ledger/db.js';
import { loadCheckpoint } from '../../../src/sync/checkpoints.js';
import { runStream, type StreamRunResult } from '../../../src/sync/runner.js';
import type { DateRange, StreamDef } from '../../../src/vendor/contract.js';
import { startWecomSandbox, type WecomSandbox } from '../../../adapters/wecom/sandbox/index.js';
import type { WecomConnector } from '../../../adapters/wecom/connector.js';
import { ManualClock } from '../../../src/clock.js';
import { connect, count, freshLedger, testDeps } from './support.js';

const ORDER = ['departments', 'users', 'rules', 'schedules', 'punches', 'approvals', 'results'];
const TENANT = 'acme';

interface Truth {
  from: string;
  to: string;
  counts: { users: number; departments: number; punches: number; approvals: number };
  calls: Record<string, number>;
}

async function truthOf(sb: WecomSandbox): Promise<Truth> {
  return (await (await fetch(`${sb.url}/__sandbox/truth`)).json()) as Truth;
}

function stream(conn: WecomConnector, name: string): StreamDef {
  const s = conn.streams().find((x) => x.name === name);
  if (!s) throw new Error(`no stream ${name}`);
  return s;
}

async function syncAll(db: Db, conn: WecomConnector, range: DateRange, onPage?: (stream: string, page: number) => void): Promise<Record<string, StreamRunResult>> {
  const out: Record<string, StreamRunResult> = {};
  for (const name of ORDER) out[name] = await runStream(db, conn, stream(conn, name), { clock: systemClock, backfillDays: 31, range, onPage: (p) => onPage?.(name, p.pages) });
  return out;
}

async function externalSet(db: Db, sql: string): Promise<string[]> {
  return ((await db.raw(sql)) as { k: string }[]).map((r) => r.k).sort();
}

describe('wecom sync e2e: 200 employees, 31 days, 10 % injected faults, a forced token expiry', function () {
  this.timeout(120_000);
  let sb: WecomSandbox;
  let db: Db;
  let conn: WecomConnector;
  let truth: Truth;
  let first: Record<string, StreamRunResult>;
  let sandboxClock: ManualClock;

  before(async () => {
    // The sandbox's minute windows follow this clock, so the second sync can happen "later".
    sandboxClock = new ManualClock(Date.now());
    sb = await startWecomSandbox({ port: 0, employees: 200, days: 31, seed: 7, faultRate: 0.1, clock: sandboxClock });
    db = await freshLedger();
    conn = connect(sb.env);
    truth = await truthOf(sb);
    // Every token dies after the first schedules page: the next call meets 42001 and must refresh.
    first = await syncAll(db, conn, { from: truth.from, to: truth.to }, (name, page) => {
      if (name === 'schedules' && page === 1) sb.state.tokens.expireAll(sb.state.now());
    });
  });
  after(async () => {
    await sb?.close();
    await db?.destroy();
  });

  it('ends with the ledger equal to the sandbox truth: nothing missing, nothing duplicated', async () => {
    const company = sb.company;
    assert.equal(await count(db, 'employee_identities', { tenant_id: TENANT }), truth.counts.users);
    assert.deepEqual(await externalSet(db, `select i.external_user_id as k from employee_identities i join employees e on e.id = i.employee_id where e.name <> i.external_user_id`), company.employees.map((e) => e.key).sort(), 'every member has its real name');
    assert.equal(await count(db, 'departments', { tenant_id: TENANT }), truth.counts.departments);
    assert.deepEqual(await externalSet(db, 'select external_id as k from departments'), company.departments.map((d) => String(d.id)).sort());

    assert.equal(await count(db, 'punches', { tenant_id: TENANT }), truth.counts.punches);
    const punchKeys = await externalSet(db, `select i.external_user_id || '|' || cast(p.at / 1000 as integer) as k from punches p join employee_identities i on i.employee_id = p.employee_id and i.tenant_id = p.tenant_id`);
    assert.deepEqual(punchKeys, company.punches.map((p) => `${p.employeeKey}|${Math.floor(p.at / 1000)}`).sort(), 'the same punches, 未打卡 rows excluded');

    assert.equal(await count(db, 'requests', { tenant_id: TENANT }), truth.counts.approvals);
    assert.deepEqual(await externalSet(db, 'select external_id as k from requests'), sb.state.approvals.map((a) => a.id).sort());

    assert.ok(await count(db, 'shifts', { tenant_id: TENANT }) >= 4, 'day, flex, early and night shifts');
    const night = (await db('shifts').where('name', 'like', '夜班%').first()) as { definition: string } | undefined;
    assert.deepEqual((JSON.parse(night?.definition ?? '{}') as { segments?: unknown }).segments, [{ start: '22:00', end: '30:00' }]);
    assert.equal(await count(db, 'rule_groups', { tenant_id: TENANT }), company.groups.length);
    assert.ok(await count(db, 'rosters', { tenant_id: TENANT }) > 0, 'the shift group is rostered');
    assert.ok(await count(db, 'vendor_day_results', { tenant_id: TENANT }) > 0);
    assert.ok(((await truthOf(sb)).calls['/cgi-bin/gettoken'] ?? 0) >= 2, 'the expired token was replaced');
  });

  it('uses at most 1.3 × the minimum number of getcheckindata calls despite faults', () => {
    const min = stream(conn, 'punches').minimumCalls?.({ from: truth.from, to: truth.to }, truth.counts.users);
    assert.equal(min, 4, '2 user chunks × 2 spans of ≤30 days');
    const calls = first['punches']?.calls ?? 0;
    console.log(`      punches: ${calls} calls (minimum ${min}); all streams: ${JSON.stringify(Object.fromEntries(Object.entries(first).map(([k, v]) => [k, v.calls])))}`);
    assert.ok(calls >= 4 && calls <= 1.3 * 4, `punches used ${calls} calls`);
  });

  it('writes nothing on a second full sync', async () => {
    // The next run comes from a fresh worker a minute later: re-fetching every approval detail
    // in the same minute would (rightly) wait for the 600/min window.
    sandboxClock.advance(61_000);
    const again = await syncAll(db, connect(sb.env, testDeps()), { from: truth.from, to: truth.to });
    assert.deepEqual(Object.fromEntries(Object.entries(again).map(([k, v]) => [k, v.written])), Object.fromEntries(ORDER.map((k) => [k, 0])));
  });
});

describe('wecom sync e2e without faults', function () {
  this.timeout(60_000);
  let sb: WecomSandbox;
  let db: Db;

  before(async () => {
    sb = await startWecomSandbox({ port: 0, employees: 200, days: 31, seed: 7 });
    db = await freshLedger();
  });
  after(async () => {
    await sb?.close();
    await db?.destroy();
  });

  it('pulls punches in exactly the minimum number of calls', async () => {
    const conn = connect(sb.env);
    const truth = await truthOf(sb);
    const range = { from: truth.from, to: truth.to };
    const users = await runStream(db, conn, stream(conn, 'users'), { clock: systemClock, backfillDays: 31, range });
    assert.equal(users.calls, 1 + 1 + 200, 'gettoken, one user/list_id page, one user/get per member');
    const before = truth.calls['/cgi-bin/checkin/getcheckindata'] ?? 0;
    const punches = await runStream(db, conn, stream(conn, 'punches'), { clock: systemClock, backfillDays: 31, range });
    const min = stream(conn, 'punches').minimumCalls?.(range, 200);
    assert.equal(punches.calls, min);
    assert.equal(((await truthOf(sb)).calls['/cgi-bin/checkin/getcheckindata'] ?? 0) - before, min, 'the sandbox saw the same number');
    assert.equal(await count(db, 'punches'), truth.counts.punches);
  });

  it('an incremental run backfills up to today, checkpoints, and resumes from its last day', async () => {
    const conn = connect(sb.env);
    const s = stream(conn, 'punches');
    const r1 = await runStream(db, conn, s, { clock: systemClock, backfillDays: 31 });
    assert.equal(r1.written, 0, 'the explicit range already brought these punches');
    const saved = await loadCheckpoint<{ from: string; to: string; finished?: boolean }>(db, TENANT, 'punches');
    assert.equal(saved?.finished, true);
    const r2 = await runStream(db, conn, s, { clock: systemClock, backfillDays: 31 });
    assert.equal(r2.calls, 2, 'one day, 200 users: two calls');
    assert.equal(r2.written, 0);
  });

  it('writes back through the sandbox: a device punch and an applyevent come back on the next pull', async () => {
    const conn = connect(sb.env);
    const truth = await truthOf(sb);
    const user = sb.company.employees[0]?.key ?? '';
    const at = Date.parse(`${truth.to}T12:34:56+08:00`);
    await conn.writeBack({ kind: 'add_checkin_record', payload: { records: [{ userid: user, at, deviceType: 2, deviceDetail: 'GATE-1' }] }, idempotencyKey: 'k1' });
    const range = { from: truth.to, to: truth.to };
    const r = await runStream(db, conn, stream(conn, 'punches'), { clock: systemClock, backfillDays: 31, range });
    assert.equal(r.written, 1, 'exactly the written punch is new');
    await conn.writeBack({
      kind: 'apply_event',
      payload: { creatorUserid: user, templateId: '3WLtw1XCozxyRA2EUsArNMEHAaNQHcn2TTqGmqzq', controlIds: { form: 'attendance-1' }, request: { type: 'trip', startAt: at, endAt: at + 3_600_000, unit: 'hour' } },
      idempotencyKey: 'k2',
    });
    assert.equal((await truthOf(sb)).counts.approvals, truth.counts.approvals + 1);
    const today = await runStream(db, conn, stream(conn, 'approvals'), { clock: systemClock, backfillDays: 1 });
    assert.ok(today.written >= 1, 'the submitted form is pulled back as a pending trip');
    assert.equal(await count(db, 'requests', { type: 'trip', status: 'pending', start_at: at }), 1);
  });
});
