import assert from 'node:assert/strict';
import request from 'supertest';
import { ManualClock } from '../../../src/clock.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { truth, v1Token } from './helpers.js';

const raw = (sb: DingtalkSandbox, token: string, path: string, body: object): request.Test => request(sb.url).post(path).query({ access_token: token }).send(body);

describe('dingtalk sandbox: QPS, monthly quota and faults', () => {
  it('21st call of one API in one second → 90018 (oapi) / 403 QpsLimitForAppkeyAndApi (v1.0); next second fine', async () => {
    const clock = new ManualClock(Date.now());
    const sb = await startDingtalkSandbox({ employees: 5, days: 2, seed: 1, clock });
    try {
      const token = await v1Token(sb);
      const codes = [];
      for (let i = 0; i < 21; i++) codes.push((await raw(sb, token, '/topapi/v2/user/get', { userid: 'u00001' })).body.errcode);
      assert.deepEqual(codes.slice(0, 20), Array(20).fill(0));
      assert.equal(codes[20], 90018);
      // Another API has its own window.
      assert.equal((await raw(sb, token, '/topapi/v2/department/listsub', { dept_id: 1 })).body.errcode, 0);
      for (let i = 0; i < 20; i++) await request(sb.url).get('/v1.0/workflow/processInstances').set('x-acs-dingtalk-access-token', token).query({ processInstanceId: 'x' });
      const v1 = await request(sb.url).get('/v1.0/workflow/processInstances').set('x-acs-dingtalk-access-token', token).query({ processInstanceId: 'x' });
      assert.equal(v1.status, 403);
      assert.equal(v1.body.code, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
      clock.advance(1000);
      assert.equal((await raw(sb, token, '/topapi/v2/user/get', { userid: 'u00001' })).body.errcode, 0);
    } finally {
      await sb.close();
    }
  });

  it('monthly quota: exhausted → 90020 / 403 ApiCountLimitForOrg; token and contacts APIs exempt; resets next month', async () => {
    const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
    const sb = await startDingtalkSandbox({ employees: 5, days: 2, seed: 2, clock, monthlyQuota: 3, today: '2026-03-10' });
    try {
      const token = await v1Token(sb);
      const { from } = sb.company;
      const body = { userIds: ['u00001'], checkDateFrom: `${from} 00:00:00`, checkDateTo: `${from} 23:59:59` };
      for (let i = 0; i < 3; i++) assert.equal((await raw(sb, token, '/attendance/listRecord', body)).body.errcode, 0);
      assert.equal((await raw(sb, token, '/attendance/listRecord', body)).body.errcode, 90020);
      const v1 = await request(sb.url).get('/v1.0/workflow/processInstances').set('x-acs-dingtalk-access-token', token).query({ processInstanceId: 'x' });
      assert.equal(v1.status, 403);
      assert.equal(v1.body.code, 'Forbidden.AccessDenied.ApiCountLimitForOrg');
      assert.equal((await raw(sb, token, '/topapi/v2/user/get', { userid: 'u00001' })).body.errcode, 0);
      assert.deepEqual((await truth(sb))['quota'], { used: 3, limit: 3 });
      clock.set(Date.parse('2026-04-01T00:00:00+08:00'));
      const fresh = await v1Token(sb);
      assert.equal((await raw(sb, fresh, '/attendance/listRecord', body)).body.errcode, 0);
    } finally {
      await sb.close();
    }
  });

  it('faultRate: about that fraction fails with documented busy errors, identically for one seed', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const clock = new ManualClock(Date.now());
      const sb = await startDingtalkSandbox({ employees: 5, days: 2, seed, clock, faultRate: 0.3 });
      try {
        let token = '';
        while (!token) {
          const res = await request(sb.url).post('/v1.0/oauth2/accessToken').send({ appKey: sb.env['DINGTALK_APP_KEY'], appSecret: sb.env['DINGTALK_APP_SECRET'] });
          if (res.status === 200) token = res.body.accessToken as string;
          else assert.deepEqual([res.status, res.body.code], [429, 'system.busy']);
        }
        const codes: number[] = [];
        for (let i = 0; i < 200; i++) {
          clock.advance(100); // stay under the QPS limit
          codes.push((await raw(sb, token, '/topapi/v2/user/get', { userid: 'u00001' })).body.errcode as number);
        }
        return codes;
      } finally {
        await sb.close();
      }
    };
    const a = await run(9);
    const failures = a.filter((c) => c !== 0);
    assert.ok(failures.every((c) => c === -1));
    assert.ok(failures.length > 30 && failures.length < 90, `failures ${failures.length}`);
    assert.deepEqual(await run(9), a);
    assert.notDeepEqual(await run(10), a);
  });
});
