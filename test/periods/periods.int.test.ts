import assert from 'node:assert/strict';
import request from 'supertest';
import type { Express } from 'express';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { NOW, TENANT, assertDocumented, at, bearer, count, dept, emp, seed, testConfig, type Fixture } from '../api/fixture.js';
import { describeEachDb } from '../support/db.js';
import { auditOf, hrApp } from './support.js';

describeEachDb('periods: confirm, sign off, lock, unlock', (t) => {
  let f: Fixture;
  let app: Express;
  const get = async (token: string, month = '2026-03') => {
    const res = await request(app).get(`/api/v1/periods/${month}`).set(...bearer(token)).expect(200);
    assertDocumented('get', `/periods/${month}`, res);
    return res.body;
  };
  const post = (token: string, path: string, body?: object) => request(app).post(`/api/v1/periods/${path}`).set(...bearer(token)).send(body);
  const recompute = () => recomputeDirty(t.db, { clock: f.clock, policy: testConfig().policy, defaultTimezone: 'Asia/Shanghai' });

  before(async () => {
    f = await seed(t.db);
    app = hrApp(f.deps);
  });

  it('starts open, with everyone pending and only HR offered the (forced) lock', async () => {
    const p = await get(f.tokens.hr);
    assert.equal(p.state, 'open');
    assert.deepEqual(p.counts, { people: 3, confirmed: 0, disputed: 0, pending: 3 });
    assert.deepEqual(p.awaitingSignOff.map((d: { departmentName: string }) => d.departmentName).sort(), ['Engineering', 'Sales', 'Web']);
    assert.deepEqual(p.actions, { confirm: false, signOff: false, lock: true, lockNeedsForce: true, unlock: false });
    assert.equal((await get(f.tokens.wang)).actions.confirm, true);
    assert.deepEqual((await get(f.tokens.li)).counts, { people: 1, confirmed: 0, disputed: 0, pending: 1 }, 'an employee counts only themselves');
    assert.equal((await get(f.tokens.zhang)).counts.people, 2, 'a manager counts their tree');
  });

  it('refuses roles a transition does not allow and bad input, storing nothing', async () => {
    const audit = await count(t.db, 'audit_log');
    const periods = await count(t.db, 'periods');
    const forbidden: [string, string, object][] = [
      [f.tokens.wang, '2026-03/sign-off', {}],
      [f.tokens.hr, '2026-03/sign-off', {}],
      [f.tokens.zhang, '2026-03/lock', {}],
      [f.tokens.admin, '2026-03/lock', {}],
      [f.tokens.wang, '2026-03/lock', {}],
      [f.tokens.hr, '2026-03/unlock', { reason: 'x' }],
      [f.tokens.system, '2026-03/confirm', { decision: 'confirm' }],
    ];
    for (const [token, path, body] of forbidden) {
      const res = await post(token, path, body).expect(403);
      assert.equal(res.body.error.code, 'FORBIDDEN', path);
    }
    const bad: [string, string, object, string][] = [
      [f.tokens.wang, '2026-13/confirm', { decision: 'confirm' }, 'params.month'],
      [f.tokens.wang, '2026-03/confirm', { decision: 'maybe' }, 'body.decision'],
      [f.tokens.wang, '2026-03/confirm', { decision: 'confirm', extra: 1 }, 'body'],
      [f.tokens.admin, '2026-03/unlock', {}, 'body.reason'],
      [f.tokens.admin, '2026-03/unlock', { reason: '   ' }, 'body.reason'],
      [f.tokens.hr, '2026-03/lock', { force: true }, 'body.reason'],
      [f.tokens.salesManager, '2026-03/confirm', { decision: 'confirm' }, 'token'],
    ];
    for (const [token, path, body, where] of bad) {
      const res = await post(token, path, body).expect(400);
      assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      assert.ok(res.body.error.details.issues.some((i: { path: string }) => i.path.startsWith(where)), `${path} ${JSON.stringify(res.body)}`);
    }
    await request(app).get('/api/v1/periods/march').set(...bearer(f.tokens.hr)).expect(400);
    const sales = await post(f.tokens.salesManager, '2026-03/sign-off', { department: dept('eng') }).expect(403);
    assert.equal(sales.body.error.code, 'FORBIDDEN', 'a department outside the manager’s tree');
    assert.equal(await count(t.db, 'audit_log'), audit);
    assert.equal(await count(t.db, 'periods'), periods);
  });

  it('lets an employee dispute, which blocks the sign-off until they confirm; every word is audited', async () => {
    const disputed = await post(f.tokens.wang, '2026-03/confirm', { decision: 'dispute', comment: '3 March I was on time' }).expect(200);
    assert.equal(disputed.body.state, 'confirming');
    assert.deepEqual(disputed.body.mine.decision, 'dispute');
    const hr = await get(f.tokens.hr);
    assert.deepEqual(hr.counts, { people: 3, confirmed: 0, disputed: 1, pending: 2 });
    assert.deepEqual(hr.disputes, [{ employeeId: emp('wang'), name: 'Wang Wu', comment: '3 March I was on time' }]);
    assert.equal((await get(f.tokens.zhang)).actions.signOff, false);
    const blocked = await post(f.tokens.zhang, '2026-03/sign-off', {}).expect(409);
    assert.equal(blocked.body.error.code, 'CONFLICT');
    assert.deepEqual(blocked.body.error.details.disputed, [emp('wang')]);
    await post(f.tokens.wang, '2026-03/confirm', { decision: 'confirm' }).expect(200);
    const entries = await auditOf(t.db, 'period_confirmation', `default:2026-03:${emp('wang')}`);
    assert.deepEqual(entries.map((e) => e.action), ['dispute', 'confirm']);
    assert.equal(entries[0]?.reason, '3 March I was on time');
    assert.equal((entries[1]?.before as { state: string }).state, 'dispute');
    assert.equal((entries[1]?.after as { state: string }).state, 'confirm');
    assert.match(entries[1]?.actor ?? '', /^wang \(tok_/);
  });

  it('lets a manager sign off their tree once; confirmations there are then closed', async () => {
    const signed = await post(f.tokens.zhang, '2026-03/sign-off', { comment: 'checked' }).expect(200);
    assertDocumented('post', '/periods/2026-03/sign-off', signed);
    assert.equal(signed.body.state, 'confirming', 'Sales has not signed off yet');
    assert.deepEqual(signed.body.signOffs.map((s: { departmentName: string }) => s.departmentName), ['Engineering']);
    assert.deepEqual((await get(f.tokens.hr)).awaitingSignOff.map((d: { departmentName: string }) => d.departmentName), ['Sales']);
    assert.equal((await post(f.tokens.zhang, '2026-03/sign-off', {}).expect(409)).body.error.code, 'CONFLICT');
    assert.equal((await post(f.tokens.zhang, '2026-03/sign-off', { department: dept('web') }).expect(409)).body.error.code, 'CONFLICT', 'covered by Engineering');
    assert.equal((await post(f.tokens.wang, '2026-03/confirm', { decision: 'dispute' }).expect(409)).body.error.code, 'CONFLICT');
    assert.equal((await get(f.tokens.wang)).actions.confirm, false);
    const [entry] = await auditOf(t.db, 'period_signoff', `default:2026-03:${dept('eng')}`);
    assert.equal(entry?.action, 'sign_off');
    assert.equal(entry?.reason, 'checked');
  });

  it('locks only a signed-off month without force, computing pending days first', async () => {
    assert.equal((await post(f.tokens.hr, '2026-03/lock').expect(409)).body.error.code, 'CONFLICT');
    const last = await post(f.tokens.salesManager, '2026-03/sign-off').expect(200);
    assert.equal(last.body.state, 'signed_off');
    // Li's missing out-punch arrives but is not computed yet: locking must compute it first.
    await applyChanges(t.db, TENANT, [{ kind: 'punch', externalUserId: 'li', sourceRecordKey: 'li@late-out', at: at('2026-03-02T18:05:00+08:00'), method: 'gps' }], f.clock);
    const before = (await t.db('day_results').where({ employee_id: emp('li'), work_date: '2026-03-02' }).first()).status;
    assert.equal(before, 'exception');
    const locked = await post(f.tokens.hr, '2026-03/lock', { reason: 'payroll run' }).expect(200);
    assertDocumented('post', '/periods/2026-03/lock', locked);
    assert.equal(locked.body.state, 'locked');
    assert.ok(locked.body.recomputed.written >= 1);
    assert.match(locked.body.lockedBy, /^hr \(tok_/);
    assert.equal((await t.db('day_results').where({ employee_id: emp('li'), work_date: '2026-03-02' }).first()).status, 'normal');
    const [entry] = await auditOf(t.db, 'period', 'default:2026-03');
    assert.equal(entry?.action, 'lock');
    assert.equal((entry?.before as { state: string }).state, 'signed_off');
    assert.equal((entry?.after as { state: string }).state, 'locked');
    assert.equal(entry?.reason, 'payroll run');
    assert.equal((await post(f.tokens.hr, '2026-03/lock').expect(409)).body.error.code, 'CONFLICT');
    assert.equal((await post(f.tokens.li, '2026-03/confirm', { decision: 'confirm' }).expect(409)).body.error.code, 'PERIOD_LOCKED');
    assert.deepEqual((await get(f.tokens.admin)).actions, { confirm: false, signOff: false, lock: false, lockNeedsForce: false, unlock: true });
  });

  it('keeps a locked month immutable: a late correction becomes an adjustment of the next month, with its audit entry', async () => {
    const month = async () => (await t.db('day_results').select('employee_id', 'work_date', 'version', 'result').whereBetween('work_date', ['2026-03-01', '2026-03-31']).orderBy(['employee_id', 'work_date'])) as unknown[];
    const snapshot = await month();
    const filed = await request(app).post('/api/v1/requests').set(...bearer(f.tokens.wang)).send({ type: 'correction', startAt: '2026-03-03T09:00:00+08:00', reason: 'badge reader down' }).expect(201);
    const [created] = await auditOf(t.db, 'request', filed.body.id);
    assert.equal(created?.action, 'create');
    assert.equal(created?.reason, 'badge reader down');
    // The vendor's approval flow approves it (as a pull or callback would bring it in).
    await applyChanges(t.db, TENANT, [{ kind: 'request', externalUserId: 'wang', externalId: 'fix-0303', type: 'correction', startAt: at('2026-03-03T09:00:00+08:00'), endAt: at('2026-03-03T09:00:00+08:00'), status: 'approved' }], f.clock);
    const r = await recompute();
    assert.ok(r.adjusted >= 1, 'the corrected day is adjusted');
    assert.deepEqual(await month(), snapshot, 'no day of the locked month changed');
    const adj = await t.db('adjustments').where({ employee_id: emp('wang'), work_date: '2026-03-03' }).first();
    assert.equal(adj.target_month, '2026-04');
    assert.equal(JSON.parse(adj.before).lateMinutes, 20);
    assert.equal(JSON.parse(adj.after).lateMinutes, 0);
    assert.equal(JSON.parse(adj.after).status, 'normal');
    // Recomputing every day of the month again changes nothing either.
    await t.db('dirty_days').insert(Array.from({ length: 31 }, (_, i) => ({ employee_id: emp('wang'), work_date: `2026-03-${String(i + 1).padStart(2, '0')}`, marked_at: NOW })));
    await recompute();
    assert.deepEqual(await month(), snapshot);
  });

  it('unlocks only for an admin with a reason, audited, back to the state the records give', async () => {
    const res = await post(f.tokens.admin, '2026-03/unlock', { reason: 'wrong rule group for Sales' }).expect(200);
    assertDocumented('post', '/periods/2026-03/unlock', res);
    assert.equal(res.body.state, 'signed_off');
    assert.equal(res.body.lockedBy, null);
    const entries = await auditOf(t.db, 'period', 'default:2026-03');
    assert.equal(entries.at(-1)?.action, 'unlock');
    assert.equal(entries.at(-1)?.reason, 'wrong rule group for Sales');
    assert.equal((entries.at(-1)?.before as { state: string }).state, 'locked');
    assert.equal((await post(f.tokens.admin, '2026-03/unlock', { reason: 'again' }).expect(409)).body.error.code, 'CONFLICT');
    assert.equal((await post(f.tokens.hr, '2026-03/lock').expect(200)).body.state, 'locked');
  });

  it('force-locks a month nobody signed off, with a reason', async () => {
    assert.equal((await get(f.tokens.hr, '2026-02')).actions.lockNeedsForce, true);
    assert.equal((await post(f.tokens.hr, '2026-02/lock', {}).expect(409)).body.error.code, 'CONFLICT');
    const res = await post(f.tokens.hr, '2026-02/lock', { force: true, reason: 'payroll deadline' }).expect(200);
    assert.equal(res.body.state, 'locked');
    const [entry] = await auditOf(t.db, 'period', 'default:2026-02');
    assert.deepEqual([entry?.action, entry?.reason, (entry?.before as { state: string }).state], ['force_lock', 'payroll deadline', 'open']);
  });
});
