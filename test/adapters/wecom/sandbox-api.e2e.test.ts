import assert from 'node:assert/strict';
import request from 'supertest';
import type { Express } from 'express';
import { ManualClock } from '../../../src/clock.js';
import { createWecomSandbox } from '../../../adapters/wecom/sandbox/index.js';
import type { WecomSandboxState } from '../../../adapters/wecom/sandbox/state.js';

const TODAY = '2026-11-25';
const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const day = (d: string) => Math.floor(Date.parse(`${d}T00:00:00+08:00`) / 1000);

async function token(app: Express, state: WecomSandboxState): Promise<string> {
  const r = await request(app).get('/cgi-bin/gettoken').query({ corpid: state.creds.corpId, corpsecret: state.creds.secret });
  assert.equal(r.body.errcode, 0);
  return r.body.access_token as string;
}

function sandbox(extra: { employees?: number; faultRate?: number } = {}) {
  const clock = new ManualClock(NOW);
  const { app, state } = createWecomSandbox({ employees: extra.employees ?? 40, days: 31, seed: 5, today: TODAY, clock, faultRate: extra.faultRate ?? 0 });
  return { app, state, clock };
}

describe('wecom sandbox — tokens', () => {
  it('issues tokens and answers 40013/41004/40001 for bad credentials', async () => {
    const { app, state } = sandbox();
    const bad = async (q: Record<string, string>) => (await request(app).get('/cgi-bin/gettoken').query(q)).body.errcode as number;
    assert.equal(await bad({ corpid: 'wwnope', corpsecret: state.creds.secret }), 40013);
    assert.equal(await bad({ corpid: state.creds.corpId }), 41004);
    assert.equal(await bad({ corpid: state.creds.corpId, corpsecret: 'wrong' }), 40001);
    const r = await request(app).get('/cgi-bin/gettoken').query({ corpid: state.creds.corpId, corpsecret: state.creds.secret });
    assert.equal(r.status, 200);
    assert.equal(r.body.expires_in, 7200);
    assert.equal(await token(app, state), r.body.access_token, 'same token while valid');
  });

  it('41001 without token, 40014 unknown, 42001 after expiry or forced expiry, then a fresh token works', async () => {
    const { app, state, clock } = sandbox();
    const call = async (t?: string) => (await request(app).post('/cgi-bin/checkin/getcorpcheckinoption').query(t === undefined ? {} : { access_token: t }).send({})).body.errcode as number;
    assert.equal(await call(), 41001);
    assert.equal(await call('garbage'), 40014);
    const t1 = await token(app, state);
    assert.equal(await call(t1), 0);
    clock.advance(7200 * 1000);
    assert.equal(await call(t1), 42001);
    const t2 = await token(app, state);
    assert.notEqual(t2, t1);
    assert.equal(await call(t2), 0);
    const ex = await request(app).post('/__sandbox/expire-tokens');
    assert.equal(ex.body.expired, 1);
    assert.equal(await call(t2), 42001);
    const t3 = await token(app, state);
    assert.equal(await call(t3), 0);
  });
});

describe('wecom sandbox — contacts and paging', () => {
  it('pages user/list_id by cursor and validates limit', async () => {
    const { app, state } = sandbox();
    const t = await token(app, state);
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const r = await request(app).post('/cgi-bin/user/list_id').query({ access_token: t }).send(cursor ? { cursor, limit: 7 } : { limit: 7 });
      assert.equal(r.body.errcode, 0);
      assert.ok(r.body.dept_user.length <= 7);
      seen.push(...r.body.dept_user.map((x: { userid: string }) => x.userid));
      cursor = r.body.next_cursor;
      pages++;
    } while (cursor);
    assert.equal(pages, Math.ceil(40 / 7));
    assert.deepEqual(seen, state.company.employees.map((e) => e.key));
    const bad = await request(app).post('/cgi-bin/user/list_id').query({ access_token: t }).send({ limit: 0 });
    assert.equal(bad.body.errcode, 40058);
    const wrongMethod = await request(app).get('/cgi-bin/user/list_id').query({ access_token: t });
    assert.equal(wrongMethod.body.errcode, 40058);
  });

  it('user/get returns the member or 60111; OAuth codes are one-time (40029 on reuse)', async () => {
    const { app, state } = sandbox();
    const t = await token(app, state);
    const e = state.company.employees[3];
    assert.ok(e);
    const u = await request(app).get('/cgi-bin/user/get').query({ access_token: t, userid: e.key });
    assert.equal(u.body.name, e.name);
    assert.deepEqual(u.body.department, [e.departmentId]);
    assert.equal((await request(app).get('/cgi-bin/user/get').query({ access_token: t, userid: 'ghost' })).body.errcode, 60111);
    const { code } = (await request(app).post('/__sandbox/oauth-code').send(JSON.stringify({ userid: e.key }))).body as { code: string };
    const first = await request(app).get('/cgi-bin/auth/getuserinfo').query({ access_token: t, code });
    assert.equal(first.body.userid, e.key);
    assert.equal((await request(app).get('/cgi-bin/auth/getuserinfo').query({ access_token: t, code })).body.errcode, 40029);
    assert.equal((await request(app).get('/cgi-bin/auth/getuserinfo').query({ access_token: t, code: 'nope' })).body.errcode, 40029);
  });
});

describe('wecom sandbox — checkin limits, rate limits, faults', () => {
  it('getcheckindata: 101 users → 301023, 31-day span → 301024, bad type → 40035', async () => {
    const { app, state } = sandbox({ employees: 120 });
    const t = await token(app, state);
    const users = state.company.employees.map((e) => e.key);
    const post = (body: object) => request(app).post('/cgi-bin/checkin/getcheckindata').query({ access_token: t }).send(body);
    const start = day('2026-10-25');
    assert.equal((await post({ opencheckindatatype: 3, starttime: start, endtime: start + 86400, useridlist: users.slice(0, 101) })).body.errcode, 301023);
    assert.equal((await post({ opencheckindatatype: 3, starttime: start, endtime: start + 86400, useridlist: [] })).body.errcode, 301023);
    assert.equal((await post({ opencheckindatatype: 3, starttime: start, endtime: start + 31 * 86400, useridlist: users.slice(0, 5) })).body.errcode, 301024);
    assert.equal((await post({ opencheckindatatype: 3, starttime: start + 10, endtime: start, useridlist: users.slice(0, 5) })).body.errcode, 301024);
    assert.equal((await post({ opencheckindatatype: 9, starttime: start, endtime: start + 86400, useridlist: users.slice(0, 5) })).body.errcode, 40035);
    const ok = await post({ opencheckindatatype: 1, starttime: start, endtime: start + 30 * 86400, useridlist: users.slice(0, 100) });
    assert.equal(ok.body.errcode, 0);
    const types = new Set(ok.body.checkindata.map((r: { checkin_type: string }) => r.checkin_type));
    assert.deepEqual([...types].sort(), ['上班打卡', '下班打卡']);
  });

  it('answers 45009 past the per-minute limit until the window passes', async () => {
    const { app, state, clock } = sandbox();
    const t = await token(app, state);
    const call = async () => (await request(app).post('/cgi-bin/checkin/getcorpcheckinoption').query({ access_token: t }).send({})).body.errcode as number;
    for (let i = 0; i < 60; i++) assert.equal(await call(), 0);
    assert.equal(await call(), 45009);
    clock.advance(60_000);
    assert.equal(await call(), 0);
  });

  it('faultRate fails about that fraction of calls with -1 or 45033, deterministically', async () => {
    const run = async () => {
      const { app, state } = sandbox({ faultRate: 0.3 });
      const codes: number[] = [];
      for (let i = 0; i < 150; i++) codes.push((await request(app).get('/cgi-bin/gettoken').query({ corpid: state.creds.corpId, corpsecret: state.creds.secret })).body.errcode);
      return codes;
    };
    const a = await run();
    const failed = a.filter((c) => c !== 0);
    assert.ok(failed.every((c) => c === -1 || c === 45033));
    assert.ok(failed.length > 25 && failed.length < 70, `failed ${failed.length}`);
    assert.deepEqual(await run(), a);
  });
});
