import assert from 'node:assert/strict';
import request from 'supertest';
import { describeEachDb } from '../support/db.js';
import { assertDocumented, bearer, emp, seed, type Fixture } from './fixture.js';

describeEachDb('api: backtests', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  const post = (token: string, body: object) => request(f.app).post('/api/v1/backtests').set(...bearer(token)).send(body);
  const versions = () => t.db('day_results').select('employee_id', 'work_date', 'version').orderBy(['employee_id', 'work_date']);
  const range = { from: '2026-03-02', to: '2026-03-03' };

  it('reports what a longer grace changes, and writes nothing', async () => {
    const before = await versions();
    const res = await post(f.tokens.hr, { ...range, policy: { shifts: { 'Day 9-18': { lateGraceMinutes: 30 } } } }).expect(200);
    assertDocumented('post', '/backtests', res);
    const report = res.body;
    assert.ok(report.totals.before.lateCount >= 1, JSON.stringify(report.totals));
    assert.equal(report.totals.after.lateCount, 0, 'wang’s 09:20 is inside a 30-minute grace');
    const wang = report.days.find((d: { employeeId: string; date: string }) => d.employeeId === emp('wang') && d.date === '2026-03-03');
    assert.equal(wang.before.lateMinutes, 20);
    assert.equal(wang.after.lateMinutes, 0);
    assert.deepEqual(await versions(), before, 'day_results unchanged');
  });

  it('narrows to a department', async () => {
    const res = await post(f.tokens.admin, { ...range, department: 'Sales', policy: {} }).expect(200);
    assert.deepEqual(res.body.departments.map((d: { department: string }) => d.department), ['Sales']);
    // The same rules change no stored day; only days never computed (li's punchless Tuesday) are listed.
    assert.ok(res.body.days.every((d: { employeeId: string; before: unknown }) => d.employeeId === emp('li') && d.before === null), JSON.stringify(res.body.days));
    assert.equal(res.body.days.length, res.body.withoutCurrentResult);
  });

  it('lets only HR and admin run one', async () => {
    for (const token of [f.tokens.wang, f.tokens.zhang, f.tokens.system]) assert.equal((await post(token, { ...range, policy: {} }).expect(403)).body.error.code, 'FORBIDDEN');
  });

  it('answers 400 with every problem of the body and the policy', async () => {
    const typo = await post(f.tokens.hr, { from: '2026-03-32', to: '2026-03-03', policy: { shifts: { '*': { lateGrace: 10 } } } }).expect(400);
    assert.deepEqual(typo.body.error.details.issues.map((i: { path: string }) => i.path).sort(), ['body.from', 'body.policy.shifts.*'].sort());
    const unknown = await post(f.tokens.hr, { ...range, policy: { shifts: { 'No such shift': { lateGraceMinutes: 1 } } } }).expect(400);
    assert.equal(unknown.body.error.details.issues[0].path, 'shifts.No such shift');
    const long = await post(f.tokens.hr, { from: '2025-01-01', to: '2026-03-03', policy: {} }).expect(400);
    assert.equal(long.body.error.details.issues[0].path, 'to');
  });
});
