import assert from 'node:assert/strict';
import request from 'supertest';
import { describeEachDb } from '../support/db.js';
import { NOW, assertDocumented, bearer, dept, emp, seed, type Fixture } from './fixture.js';

describeEachDb('api: reading the ledger', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  const get = async (token: string, path: string, status = 200) => {
    const res = await request(f.app).get(`/api/v1${path}`).set(...bearer(token)).expect(status);
    if (status === 200) assertDocumented('get', path, res);
    return res.body;
  };
  /** A 403 must look the same whether or not the record exists. */
  const forbiddenAlike = async (token: string, paths: string[]) => {
    const bodies = [];
    for (const p of paths) bodies.push(await get(token, p, 403));
    for (const b of bodies) assert.deepEqual(b, { error: { code: 'FORBIDDEN', message: 'Not allowed.' } });
  };
  const ids = (list: { id?: string; employeeId?: string }[]) => [...new Set(list.map((x) => x.employeeId ?? x.id))].sort();

  describe('employees', () => {
    it('lists the caller’s scope: self, department tree, or everyone', async () => {
      assert.deepEqual(ids((await get(f.tokens.wang, '/employees')).employees), [emp('wang')]);
      assert.deepEqual(ids((await get(f.tokens.zhang, '/employees')).employees), [emp('zhang'), emp('wang')].sort());
      assert.deepEqual(ids((await get(f.tokens.salesManager, '/employees')).employees), [emp('li')]);
      for (const token of [f.tokens.hr, f.tokens.admin, f.tokens.system]) assert.equal((await get(token, '/employees')).employees.length, 4);
    });

    it('filters by department tree and by name or job number, with % and _ taken literally', async () => {
      assert.deepEqual(ids((await get(f.tokens.hr, `/employees?department=${dept('eng')}`)).employees), [emp('zhang'), emp('wang')].sort());
      assert.deepEqual(ids((await get(f.tokens.hr, '/employees?q=Wang')).employees), [emp('wang')]);
      assert.equal((await get(f.tokens.hr, '/employees?q=A00')).employees.length, 4);
      assert.equal((await get(f.tokens.hr, '/employees?q=%25')).employees.length, 0);
      assert.equal((await get(f.tokens.hr, '/employees?q=A_0')).employees.length, 0);
      assert.deepEqual(ids((await get(f.tokens.zhang, `/employees?department=${dept('web')}`)).employees), [emp('wang')]);
      await forbiddenAlike(f.tokens.zhang, [`/employees?department=${dept('sales')}`, '/employees?department=acme:nowhere']);
      await forbiddenAlike(f.tokens.wang, [`/employees?department=${dept('web')}`]);
      const paged = await get(f.tokens.hr, '/employees?limit=2&offset=1');
      assert.equal(paged.employees.length, 2);
    });

    it('shows one employee in scope; outside it 403 whether or not they exist; HR gets 404 for nobody', async () => {
      const wang = await get(f.tokens.zhang, `/employees/${emp('wang')}`);
      assert.equal(wang.name, 'Wang Wu');
      assert.equal(wang.departmentId, dept('web'));
      assert.equal(wang.timezone, 'Asia/Shanghai');
      assert.deepEqual(wang.identities, [{ tenantId: 'acme', externalUserId: 'wang' }]);
      assert.ok(!JSON.stringify(wang).includes('13800000003'), 'no mobile');
      assert.equal((await get(f.tokens.wang, `/employees/${emp('wang')}`)).id, emp('wang'));
      await forbiddenAlike(f.tokens.wang, [`/employees/${emp('li')}`, '/employees/e_doesnotexist']);
      await forbiddenAlike(f.tokens.zhang, [`/employees/${emp('li')}`, `/employees/${emp('boss')}`, '/employees/e_doesnotexist']);
      assert.equal((await get(f.tokens.salesManager, `/employees/${emp('li')}`)).name, 'Li Si');
      assert.equal((await get(f.tokens.hr, '/employees/e_doesnotexist', 404)).error.code, 'NOT_FOUND');
      assert.equal((await get(f.tokens.system, `/employees/${emp('boss')}`)).jobNumber, 'A001');
    });
  });

  describe('departments', () => {
    const names = (nodes: { name: string; children: unknown[] }[]): unknown => nodes.map((n) => [n.name, names(n.children as typeof nodes)]);
    it('returns the tree in scope', async () => {
      const full = [['HQ', [['Engineering', [['Web', []]]], ['Sales', []]]]];
      for (const token of [f.tokens.hr, f.tokens.admin, f.tokens.system]) assert.deepEqual(names((await get(token, '/departments')).departments), full);
      assert.deepEqual(names((await get(f.tokens.zhang, '/departments')).departments), [['Engineering', [['Web', []]]]]);
      assert.deepEqual(names((await get(f.tokens.salesManager, '/departments')).departments), [['Sales', []]]);
      const own = (await get(f.tokens.wang, '/departments')).departments;
      assert.deepEqual(names(own), [['Web', []]]);
      assert.equal(own[0].parentId, dept('eng'));
    });
  });

  describe('punches', () => {
    before(async () => {
      // One punch from each other source on Thursday 5 March, straight into the ledger.
      await t.db('tenants').insert({ id: 'ding', vendor: 'dingtalk', corp_id: 'ding-acme', name: 'Acme DT', timezone: 'Asia/Shanghai', created_at: NOW });
      const base = { employee_id: emp('wang'), method: 'gps', location_verdict: 'inside', received_at: NOW };
      await t.db('punches').insert([
        { ...base, tenant_id: 'ding', source_record_key: 'd1', at: Date.parse('2026-03-05T09:00:00+08:00'), source: 'vendor' },
        { ...base, tenant_id: 'direct', source_record_key: 'c1', at: Date.parse('2026-03-05T12:00:00+08:00'), source: 'checkin', location_verdict: 'outside' },
        { ...base, tenant_id: 'device', source_record_key: 'v1', at: Date.parse('2026-03-05T18:00:00+08:00'), source: 'device', method: 'device' },
        { ...base, tenant_id: 'direct', source_record_key: 'late', at: Date.parse('2026-03-05T23:59:00+08:00'), source: 'checkin' },
        { ...base, tenant_id: 'direct', source_record_key: 'next', at: Date.parse('2026-03-06T00:00:00+08:00'), source: 'checkin' },
      ]);
    });

    it('lists punches by local date, both ends inclusive, with source, method, verdict and flags', async () => {
      const { punches } = await get(f.tokens.wang, '/punches?from=2026-03-02&to=2026-03-03');
      assert.deepEqual(punches.map((p: { at: string }) => p.at), ['2026-03-02T08:58:00+08:00', '2026-03-02T18:03:00+08:00', '2026-03-03T09:20:00+08:00', '2026-03-03T18:01:00+08:00']);
      assert.ok(punches.every((p: { source: string; method: string; verdict: string }) => p.source === 'wecom' && p.method === 'gps' && p.verdict === 'inside'));
      assert.deepEqual(punches.map((p: { flags: string[] }) => p.flags), [[], [], ['mock_location'], []]);
      const one = await get(f.tokens.wang, '/punches?from=2026-03-03&to=2026-03-03');
      assert.equal(one.punches.length, 2);
      const thu = (await get(f.tokens.hr, `/punches?employee=${emp('wang')}&from=2026-03-05&to=2026-03-05`)).punches;
      assert.deepEqual(thu.map((p: { source: string; verdict: string }) => [p.source, p.verdict]), [['dingtalk', 'inside'], ['direct', 'outside'], ['device', 'inside'], ['direct', 'inside']]);
      assert.ok(!JSON.stringify(thu).includes('lat'), 'no coordinates on the wire');
    });

    it('scopes punches and answers 403 alike for others and for nobody', async () => {
      const range = 'from=2026-03-02&to=2026-03-03';
      assert.deepEqual(ids((await get(f.tokens.zhang, `/punches?${range}`)).punches), [emp('zhang'), emp('wang')].sort());
      assert.deepEqual(ids((await get(f.tokens.salesManager, `/punches?${range}`)).punches), [emp('li')]);
      assert.equal((await get(f.tokens.hr, `/punches?${range}`)).punches.length, 7);
      assert.equal((await get(f.tokens.system, `/punches?${range}&department=${dept('eng')}`)).punches.length, 6);
      assert.equal((await get(f.tokens.zhang, `/punches?employee=${emp('wang')}&${range}`)).punches.length, 4);
      await forbiddenAlike(f.tokens.wang, [`/punches?employee=${emp('li')}&${range}`, `/punches?employee=e_nobody&${range}`]);
      await forbiddenAlike(f.tokens.zhang, [`/punches?employee=${emp('li')}&${range}`, `/punches?department=${dept('hq')}&${range}`]);
    });

    it('rejects bad input with 400 VALIDATION_FAILED and every issue', async () => {
      const bad = async (q: string, path: string) => {
        const body = await get(f.tokens.hr, `/punches?${q}`, 400);
        assert.equal(body.error.code, 'VALIDATION_FAILED');
        assert.ok(body.error.details.issues.some((i: { path: string }) => i.path === path), JSON.stringify(body));
        return body;
      };
      const both = await bad('', 'query.from');
      assert.ok(both.error.details.issues.some((i: { path: string }) => i.path === 'query.to'));
      await bad('from=2026-02-30&to=2026-03-01', 'query.from');
      await bad('from=2026-03-05&to=2026-03-01', 'query.to');
      await bad('from=2026-01-01&to=2026-06-30', 'query.to');
      await bad('from=2026-03-01&to=2026-03-02&colour=red', 'query');
      await bad('from=2026-03-01&to=2026-03-02&employee=', 'query.employee');
    });
  });

  describe('day results and exceptions', () => {
    it('returns the stored results with status, minutes, checkpoints and reasons', async () => {
      const { dayResults } = await get(f.tokens.wang, '/day-results?from=2026-03-01&to=2026-03-03');
      assert.deepEqual(dayResults.map((d: { date: string; status: string }) => [d.date, d.status]), [['2026-03-01', 'rest'], ['2026-03-02', 'normal'], ['2026-03-03', 'exception']]);
      const tue = dayResults[2];
      assert.equal(tue.lateMinutes, 20);
      assert.equal(tue.workedMinutes, 460);
      assert.equal(tue.version, 1);
      assert.equal(tue.employeeName, 'Wang Wu');
      assert.deepEqual(tue.checkpoints.map((c: { result: string }) => c.result), ['late', 'normal']);
      assert.ok(tue.reasons.length > 0);
      const stored = await t.db('day_results').where({ employee_id: emp('wang'), work_date: '2026-03-03' }).first();
      const { employeeId: _e, employeeName: _n, departmentId: _d, version: _v, ...result } = tue;
      assert.deepEqual(result, JSON.parse(stored.result));
    });

    it('filters by employee, department tree and status within scope', async () => {
      const range = 'from=2026-03-01&to=2026-03-31';
      assert.deepEqual(ids((await get(f.tokens.hr, `/day-results?${range}&department=${dept('sales')}`)).dayResults), [emp('li')]);
      assert.deepEqual(ids((await get(f.tokens.zhang, `/day-results?${range}`)).dayResults), [emp('zhang'), emp('wang')].sort());
      assert.deepEqual(ids((await get(f.tokens.zhang, `/day-results?${range}&department=${dept('web')}`)).dayResults), [emp('wang')]);
      const exc = (await get(f.tokens.admin, `/day-results?${range}&status=exception`)).dayResults;
      assert.deepEqual(exc.map((d: { employeeId: string; date: string }) => [d.employeeId, d.date]).sort(), [[emp('li'), '2026-03-02'], [emp('wang'), '2026-03-03']].sort());
      await forbiddenAlike(f.tokens.salesManager, [`/day-results?${range}&employee=${emp('wang')}`, `/day-results?${range}&employee=e_nobody`, `/day-results?${range}&department=${dept('eng')}`]);
      await forbiddenAlike(f.tokens.li, [`/day-results?${range}&employee=${emp('wang')}`]);
      assert.equal((await get(f.tokens.hr, `/day-results?${range}&status=late`, 400)).error.code, 'VALIDATION_FAILED');
    });

    it('lists exceptions and absences with their reasons, scoped', async () => {
      const range = 'from=2026-03-01&to=2026-03-31';
      const all = (await get(f.tokens.hr, `/exceptions?${range}`)).exceptions;
      assert.deepEqual(all.map((e: { employeeId: string; date: string }) => [e.employeeId, e.date]).sort(), [[emp('li'), '2026-03-02'], [emp('wang'), '2026-03-03']].sort());
      assert.ok(all.every((e: { reasons: string[]; status: string }) => e.reasons.length > 0 && ['exception', 'absent'].includes(e.status)));
      const li = all.find((e: { employeeId: string }) => e.employeeId === emp('li'));
      assert.equal(li.missingCount, 1);
      assert.deepEqual(ids((await get(f.tokens.wang, `/exceptions?${range}`)).exceptions), [emp('wang')]);
      assert.deepEqual(ids((await get(f.tokens.salesManager, `/exceptions?${range}`)).exceptions), [emp('li')]);
      assert.deepEqual((await get(f.tokens.zhang, `/exceptions?${range}&department=${dept('web')}`)).exceptions.length, 1);
      assert.equal((await get(f.tokens.system, `/exceptions?from=2026-03-04&to=2026-03-31`)).exceptions.length, 0);
      await forbiddenAlike(f.tokens.zhang, [`/exceptions?${range}&department=${dept('sales')}`]);
    });
  });

  describe('balances', () => {
    it('computes balances from the ledger entries, in scope', async () => {
      const mine = await get(f.tokens.wang, '/balances');
      assert.equal(mine.employeeId, emp('wang'));
      assert.equal(mine.asOf, '2026-03-10');
      assert.deepEqual(mine.balances, [{ kind: 'time_off', availableMinutes: 240, spendableMinutes: 240, byExpiry: [{ expiresOn: null, minutes: 240 }], lapsedUnrecordedMinutes: 0, uncoveredMinutes: 0 }]);
      assert.equal((await get(f.tokens.hr, `/balances?employee=${emp('wang')}&asOf=2026-02-28`)).balances[0].availableMinutes, 0);
      assert.equal((await get(f.tokens.zhang, `/balances?employee=${emp('wang')}`)).balances[0].availableMinutes, 240);
      assert.deepEqual((await get(f.tokens.li, '/balances')).balances, []);
      await forbiddenAlike(f.tokens.li, [`/balances?employee=${emp('wang')}`, '/balances?employee=e_nobody']);
      await forbiddenAlike(f.tokens.salesManager, [`/balances?employee=${emp('wang')}`]);
      assert.equal((await get(f.tokens.hr, '/balances', 400)).error.code, 'VALIDATION_FAILED');
    });
  });
});
