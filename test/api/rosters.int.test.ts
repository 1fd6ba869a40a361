import assert from 'node:assert/strict';
import request from 'supertest';
import { describeEachDb } from '../support/db.js';
import { assertDocumented, bearer, dept, emp, seed, type Fixture } from './fixture.js';

describeEachDb('api: rosters', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  const get = async (token: string, query: string, status = 200) => {
    const res = await request(f.app).get(`/api/v1/rosters?${query}`).set(...bearer(token)).expect(status);
    if (status === 200) assertDocumented('get', '/rosters', res);
    return res.body;
  };

  it('gives every employee in scope the resolved shift of each day of the month', async () => {
    const body = await get(f.tokens.hr, 'month=2026-03');
    assert.equal(body.rosters.length, 4);
    const wang = body.rosters.find((r: { employeeId: string }) => r.employeeId === emp('wang'));
    assert.equal(wang.days.length, 31);
    const on = (date: string) => wang.days.find((d: { date: string }) => d.date === date);
    assert.deepEqual([on('2026-03-02').shiftName, on('2026-03-02').source], ['Day 9-18', 'pattern']);
    assert.deepEqual([on('2026-03-07').shiftId, on('2026-03-07').dayType], [null, 'restday']);
  });

  it('is scoped like the day results', async () => {
    assert.deepEqual((await get(f.tokens.wang, 'month=2026-03')).rosters.map((r: { employeeId: string }) => r.employeeId), [emp('wang')]);
    assert.deepEqual((await get(f.tokens.hr, `month=2026-03&department=${dept('eng')}`)).rosters.map((r: { employeeId: string }) => r.employeeId).sort(), [emp('wang'), emp('zhang')].sort());
    assert.equal((await get(f.tokens.salesManager, `month=2026-03&department=${dept('eng')}`, 403)).error.code, 'FORBIDDEN');
    assert.equal((await get(f.tokens.hr, 'month=2026-13', 400)).error.code, 'VALIDATION_FAILED');
  });
});
