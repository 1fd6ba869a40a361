import assert from 'node:assert/strict';
import nock from 'nock';
import type { WecomTenantConfig } from '../../../config/schema.js';
import { ManualClock } from '../../../src/clock.js';
import type { RateLimit, RateLimiters } from '../../../src/http/limiter.js';
import { VendorError } from '../../../src/http/vendorError.js';
import { WecomClient } from '../../../adapters/wecom/client.js';
import { approvalInfoSchema, checkinDataSchema, okSchema, scheduleListSchema, dayDataSchema } from '../../../adapters/wecom/client-schemas.js';
import { checkinDataResponse, dayDataResponse, scheduleListResponse } from './fixtures-checkin.js';
import { fastRetry, testDeps } from './support.js';

const BASE = 'https://qyapi.test';
const tenant: WecomTenantConfig = { id: 't1', vendor: 'wecom', corpId: 'wwcorp', apiBase: BASE, secrets: { default: 'S-default', checkin: 'S-checkin' } };
const token = (t: string) => ({ errcode: 0, errmsg: 'ok', access_token: t, expires_in: 7200 });
const body = { opencheckindatatype: 3, starttime: 1492617600, endtime: 1492703999, useridlist: ['james', 'paul'] };

function setup(limits: [string, RateLimit][] = []) {
  const deps = testDeps(new ManualClock(Date.parse('2026-03-10T02:00:00Z')));
  const limiters = { schedule: <T>(key: string, limit: RateLimit, fn: () => Promise<T>) => (limits.push([key, limit]), fn()) } as unknown as RateLimiters;
  const client = new WecomClient(tenant, { ...deps, limiters }, { retry: fastRetry, timeoutMs: 100 });
  return { client, deps };
}

const checkin = (client: WecomClient) => client.call('getcheckindata', { body, schema: checkinDataSchema });

async function outcome(deps: ReturnType<typeof testDeps>, api: string): Promise<Record<string, number>> {
  const m = await deps.metrics.vendorCalls.get();
  return Object.fromEntries(m.values.filter((v) => v.labels.api === api).map((v) => [String(v.labels.outcome), v.value]));
}

describe('wecom client (nock)', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('fetches a token with the family secret, sends it as access_token and parses the §11.1 sample', async () => {
    const limits: [string, RateLimit][] = [];
    const { client, deps } = setup(limits);
    nock(BASE).get('/cgi-bin/gettoken').query({ corpid: 'wwcorp', corpsecret: 'S-checkin' }).reply(200, token('T1'));
    nock(BASE).post('/cgi-bin/checkin/getcheckindata', body).query({ access_token: 'T1' }).reply(200, checkinDataResponse);
    const out = await checkin(client);
    assert.equal(out.checkindata.length, 2);
    assert.equal(out.checkindata[1]?.lat, 30547645);
    assert.deepEqual(limits.map(([k, l]) => [k, l.limit]), [['wecom|wwcorp|gettoken', 10_000], ['wecom|wwcorp|getcheckindata', 600]], 'documented per-minute limits per API');
    assert.equal(client.callCount(), 2);
    assert.deepEqual(await outcome(deps, 'getcheckindata'), { ok: 1 });
  });

  it('uses a separate token for a family without its own secret (approval → default)', async () => {
    const { client } = setup();
    nock(BASE).get('/cgi-bin/gettoken').query({ corpid: 'wwcorp', corpsecret: 'S-default' }).reply(200, token('TA'));
    nock(BASE).post('/cgi-bin/oa/getapprovalinfo').query({ access_token: 'TA' }).reply(200, { errcode: 0, errmsg: 'ok', sp_no_list: ['201909270001', 201909270002], new_next_cursor: 'abc' });
    const out = await client.call('getapprovalinfo', { body: { starttime: 1, endtime: 2, new_cursor: '', size: 100 }, schema: approvalInfoSchema });
    assert.deepEqual(out.sp_no_list, ['201909270001', '201909270002'], 'numeric sp_no kept as string');
  });

  for (const code of [42001, 40014, 40001]) {
    it(`refreshes the token once and retries on ${code}`, async () => {
      const { client } = setup();
      nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('T1'));
      nock(BASE).post('/cgi-bin/checkin/getcheckindata').query({ access_token: 'T1' }).reply(200, { errcode: code, errmsg: 'token refused' });
      nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('T2'));
      nock(BASE).post('/cgi-bin/checkin/getcheckindata').query({ access_token: 'T2' }).reply(200, checkinDataResponse);
      assert.equal((await checkin(client)).checkindata.length, 2);
      assert.ok(nock.isDone());
    });
  }

  it('does not loop when gettoken itself answers 40001 (wrong secret)', async () => {
    const { client } = setup();
    const scope = nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 40001, errmsg: 'invalid credential' });
    await assert.rejects(checkin(client), (e: unknown) => e instanceof VendorError && e.code === '40001' && e.api === 'gettoken' && e.action === 'fail');
    assert.ok(scope.isDone());
    assert.equal(client.callCount(), 1);
  });

  it('refreshes only once: a second refusal fails', async () => {
    const { client } = setup();
    nock(BASE).get('/cgi-bin/gettoken').query(true).times(2).reply(200, token('T1'));
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).times(2).reply(200, { errcode: 42001, errmsg: 'expired' });
    await assert.rejects(checkin(client), (e: unknown) => e instanceof VendorError && e.code === '42001');
  });

  for (const code of [45009, 45033, -1]) {
    it(`backs off and retries on ${code}`, async () => {
      const { client, deps } = setup();
      nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('T1'));
      nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).times(2).reply(200, { errcode: code, errmsg: 'busy' });
      nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).reply(200, checkinDataResponse);
      assert.equal((await checkin(client)).checkindata.length, 2);
      assert.equal(client.callCount(), 4);
      const seen = await outcome(deps, 'getcheckindata');
      assert.equal(seen['ok'], 1);
      assert.equal((seen['rate_limited'] ?? 0) + (seen['retry'] ?? 0), 2);
    });
  }

  it('fails at once on 60020 (untrusted IP), without retrying', async () => {
    const { client } = setup();
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('T1'));
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).reply(200, { errcode: 60020, errmsg: 'not allow to access from your ip' });
    await assert.rejects(checkin(client), (e: unknown) => e instanceof VendorError && e.code === '60020' && !e.transient);
    assert.equal(client.callCount(), 2);
  });

  it('reports non-JSON and wrongly shaped answers as malformed (no retry)', async () => {
    const { client } = setup();
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('T1'));
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).reply(200, '<html>gateway</html>');
    await assert.rejects(checkin(client), (e: unknown) => e instanceof VendorError && e.code === 'malformed');
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).reply(200, { errcode: 0, errmsg: 'ok', checkindata: [{ userid: 'james', checkin_time: 'soon' }] });
    await assert.rejects(checkin(client), (e: unknown) => e instanceof VendorError && e.code === 'malformed' && /checkin/.test(e.message));
  });

  it('retries network errors, timeouts and 5xx; fails on 4xx; never puts the token in the error', async () => {
    const { client } = setup();
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('SECRET-TOKEN'));
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).replyWithError({ code: 'ECONNRESET', message: 'reset' });
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).delay(500).reply(200, checkinDataResponse);
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).reply(502, 'bad gateway');
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).reply(200, checkinDataResponse);
    assert.equal((await checkin(client)).checkindata.length, 2);
    nock(BASE).post('/cgi-bin/checkin/getcheckindata').query(true).reply(404, 'no');
    await assert.rejects(checkin(client), (e: unknown) => e instanceof VendorError && e.code === 'http_404' && !String(e.message).includes('SECRET-TOKEN') && !('config' in (e as object)));
  });

  it('parses the §11.3 day report and §11.4 schedule list samples', async () => {
    const { client } = setup();
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('T1'));
    nock(BASE).post('/cgi-bin/checkin/getcheckin_daydata').query(true).reply(200, dayDataResponse);
    nock(BASE).post('/cgi-bin/checkin/getcheckinschedulist').query(true).reply(200, scheduleListResponse);
    const days = await client.call('getcheckin_daydata', { body: {}, schema: dayDataSchema });
    assert.equal(days.datas[0]?.base_info.acctid, 'ZhangSan');
    const sched = await client.call('getcheckinschedulist', { body: {}, schema: scheduleListSchema });
    assert.equal(sched.schedule_list[0]?.schedule.scheduleList.length, 3);
  });

  it('counts the calls of one page in its tally, retries included', async () => {
    const { client } = setup();
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, token('T1'));
    nock(BASE).post('/cgi-bin/checkin/punch_correction').query(true).reply(200, { errcode: -1, errmsg: 'busy' });
    nock(BASE).post('/cgi-bin/checkin/punch_correction').query(true).reply(200, { errcode: 0, errmsg: 'ok' });
    const tally = { calls: 0 };
    await client.call('punch_correction', { body: {}, schema: okSchema, tally });
    assert.equal(tally.calls, 3, 'gettoken + failed + successful attempt');
  });
});
