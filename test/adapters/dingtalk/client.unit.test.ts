import assert from 'node:assert/strict';
import nock from 'nock';
import { DingtalkClient } from '../../../adapters/dingtalk/client.js';
import { ManualClock } from '../../../src/clock.js';
import { VendorError } from '../../../src/http/vendorError.js';
import type { VendorDeps } from '../../../src/vendor/contract.js';
import { OAPI, SECRET, V1, fast, tokenScope, unitDeps, unitTenant } from './nock-support.js';

async function rejects(p: Promise<unknown>, check: (e: VendorError) => void): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof VendorError, String(err));
    check(err);
    return true;
  });
}

async function outcomes(deps: VendorDeps): Promise<Record<string, number>> {
  const metric = await deps.metrics.vendorCalls.get();
  return Object.fromEntries(metric.values.map((v) => [`${String(v.labels.api)}:${String(v.labels.outcome)}`, v.value]));
}

describe('dingtalk client (nock)', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    assert.deepEqual(pending, [], 'every mocked call was made');
  });

  it('uses one v1.0 token for both families: access_token query (oapi) and header (v1.0)', async () => {
    tokenScope(1);
    nock(OAPI).post('/topapi/v2/user/get', { userid: 'u1' }).query({ access_token: 'T1' }).reply(200, { errcode: 0, errmsg: 'ok', result: { userid: 'u1', name: 'A' } });
    nock(V1).get('/v1.0/workflow/processInstances').query({ processInstanceId: 'pi-1' }).matchHeader('x-acs-dingtalk-access-token', 'T1').reply(200, { result: {}, success: 'true' });
    const deps = unitDeps();
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', deps, { retry: fast });
    assert.equal(((await c.call('userGet', { userid: 'u1' }))['result'] as { name: string }).name, 'A');
    await c.call('processInstanceGetV1', undefined, { query: { processInstanceId: 'pi-1' } });
    assert.equal(c.callCount(), 3, 'token + two calls');
    assert.deepEqual(await outcomes(deps), { 'accessToken:ok': 1, 'userGet:ok': 1, 'processInstanceGetV1:ok': 1 });
  });

  it('refreshes an expired token (42001) once and retries with the new one', async () => {
    const tokens = tokenScope(2);
    nock(OAPI).post('/attendance/listRecord').query({ access_token: 'T1' }).reply(200, { errcode: 42001, errmsg: 'access_token超时' });
    nock(OAPI).post('/attendance/listRecord').query({ access_token: 'T2' }).reply(200, { errcode: 0, errmsg: 'ok', recordresult: [] });
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', unitDeps(), { retry: fast });
    const meter = { calls: 0 };
    await c.call('attendanceListRecord', { userIds: ['u1'] }, { meter });
    assert.equal(tokens.issued(), 2);
    assert.equal(meter.calls, 2, 'both attempts are vendor calls');
  });

  it('refreshes on v1.0 400 InvalidAuthentication too', async () => {
    tokenScope(2);
    nock(V1).post('/v1.0/attendance/approvals/finish').query({ userId: 'u1' }).matchHeader('x-acs-dingtalk-access-token', 'T1').reply(400, { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: 'r1' });
    nock(V1).post('/v1.0/attendance/approvals/finish').query({ userId: 'u1' }).matchHeader('x-acs-dingtalk-access-token', 'T2').reply(200, { result: { duration: 1 }, success: true });
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', unitDeps(), { retry: fast });
    assert.equal((await c.call('approveFinishV1', { tagName: '请假' }, { query: { userId: 'u1' } }))['success'], true);
  });

  it('backs off and retries QPS refusals (90018, v1.0 403 QpsLimitForAppkeyAndApi) and busy answers', async () => {
    tokenScope(1);
    nock(OAPI).post('/attendance/list').query(true).reply(200, { errcode: 90018, errmsg: '当前应用调用该接口的QPS超过限制' });
    nock(OAPI).post('/attendance/list').query(true).reply(200, { errcode: -1, errmsg: '系统繁忙' });
    nock(OAPI).post('/attendance/list').query(true).reply(502, '<html>bad gateway</html>');
    nock(OAPI).post('/attendance/list').query(true).reply(200, { errcode: 0, errmsg: 'ok', hasMore: false, recordresult: [] });
    nock(V1).post('/v1.0/workflow/processes/instanceIds/query').reply(403, { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps' });
    nock(V1).post('/v1.0/workflow/processes/instanceIds/query').reply(200, { result: { list: [], nextToken: '' }, success: true });
    const deps = unitDeps();
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', deps, { retry: fast });
    await c.call('attendanceList', {});
    await c.call('instanceIdsQueryV1', {});
    const o = await outcomes(deps);
    assert.equal(o['attendanceList:rate_limited'], 1);
    assert.equal(o['attendanceList:retry'], 2);
    assert.equal(o['instanceIdsQueryV1:rate_limited'], 1);
  });

  it('gives up on a transient error after the policy is spent', async () => {
    tokenScope(1);
    nock(OAPI).post('/attendance/list').query(true).times(3).reply(200, { errcode: 90018, errmsg: 'qps' });
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', unitDeps(), { retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } });
    await rejects(c.call('attendanceList', {}), (e) => assert.equal(e.action, 'rate_limited'));
  });

  it('fails at once on a permanent error: 60011 permission, 88 with sub_code, wrong app secret', async () => {
    tokenScope(1);
    nock(OAPI).post('/topapi/attendance/getsimplegroups').query(true).reply(200, { errcode: 60011, errmsg: '没有调用该接口的权限' });
    nock(OAPI).post('/topapi/attendance/getsimplegroups').query(true).reply(200, { errcode: 88, errmsg: '鉴权异常', sub_code: '60011', sub_msg: 'no permission' });
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', unitDeps(), { retry: fast });
    await rejects(c.call('getSimpleGroups', {}), (e) => assert.deepEqual([e.code, e.action], ['60011', 'fail']));
    await rejects(c.call('getSimpleGroups', {}), (e) => assert.deepEqual([e.code, e.action], ['88/60011', 'fail']));
    nock(V1).post('/v1.0/oauth2/accessToken').reply(400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
    const other = new DingtalkClient({ ...unitTenant, appKey: 'other' }, 'Asia/Shanghai', unitDeps(), { retry: fast });
    await rejects(other.call('userGet', { userid: 'u1' }), (e) => assert.deepEqual([e.api, e.code, e.action], ['accessToken', 'invalidClientIdOrSecret', 'fail']));
  });

  it('retries 88 without sub_code (auth-service timeout) and network failures, never leaking the token', async () => {
    tokenScope(1);
    nock(OAPI).post('/topapi/v2/user/get').query(true).reply(200, { errcode: 88, errmsg: '鉴权异常' });
    nock(OAPI).post('/topapi/v2/user/get').query(true).replyWithError('socket hang up');
    nock(OAPI).post('/topapi/v2/user/get').query(true).reply(200, { errcode: 0, errmsg: 'ok', result: { userid: 'u1' } });
    nock(OAPI).post('/topapi/v2/user/list').query(true).times(3).replyWithError('socket hang up');
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', unitDeps(), { retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } });
    const r = await c.call('userGet', { userid: 'u1' });
    assert.equal((r['result'] as { userid: string }).userid, 'u1');
    await rejects(c.call('userList', {}), (e) => {
      assert.deepEqual([e.code, e.action], ['network', 'retry']);
      assert.ok(!JSON.stringify({ m: e.message, s: e.stack }).includes('T1'));
    });
  });

  it('retries a 200 answer that is not JSON (a gateway page), then succeeds', async () => {
    tokenScope(1);
    nock(OAPI).post('/topapi/v2/department/listsub').query(true).reply(200, '<html>busy</html>', { 'content-type': 'text/html' });
    nock(OAPI).post('/topapi/v2/department/listsub').query(true).reply(200, { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: 'x' });
    nock(OAPI).post('/topapi/v2/department/listsub').query(true).reply(200, { errcode: 0, errmsg: 'ok', result: [] });
    const deps = unitDeps();
    await new DingtalkClient(unitTenant, 'Asia/Shanghai', deps, { retry: fast }).call('departmentListSub', { dept_id: 1 });
    const o = await outcomes(deps);
    assert.deepEqual([o['departmentListSub:retry'], o['departmentListSub:rate_limited'], o['departmentListSub:ok']], [1, 1, 1]);
  });

  it('quota exhausted (90020) fails without retry, and later quota-counted calls fail before calling', async () => {
    tokenScope(1);
    nock(OAPI).post('/attendance/listRecord').query(true).reply(200, { errcode: 90020, errmsg: '当前组织的API月调用量已达上限' });
    nock(OAPI).post('/topapi/v2/user/list').query(true).reply(200, { errcode: 0, errmsg: 'ok', result: { has_more: false, list: [] } });
    const c = new DingtalkClient(unitTenant, 'Asia/Shanghai', unitDeps(), { retry: fast });
    await rejects(c.call('attendanceListRecord', {}, { urgent: true }), (e) => assert.equal(e.action, 'quota_exhausted'));
    const before = c.callCount();
    await rejects(c.call('processInstanceGet', {}, { urgent: true }), (e) => assert.deepEqual([e.code, e.action], ['90020', 'quota_exhausted']));
    assert.equal(c.callCount(), before, 'no call was made');
    await c.call('userList', { dept_id: 1 });
  });

  it('monthly budget: non-urgent pulls stop at 90 %, urgent ones at 100 %, exempt APIs never; a new month resets', async () => {
    tokenScope(1);
    nock(OAPI).post('/topapi/processinstance/get').query(true).times(10).reply(200, { errcode: 0, errmsg: 'ok' });
    nock(OAPI).post('/topapi/v2/department/listsub').query(true).reply(200, { errcode: 0, errmsg: 'ok', result: [] });
    const clock = new ManualClock(Date.parse('2026-03-30T02:00:00Z'));
    const c = new DingtalkClient({ ...unitTenant, monthlyCallBudget: 10 }, 'Asia/Shanghai', unitDeps(clock), { retry: fast });
    for (let i = 0; i < 9; i++) await c.call('processInstanceGet', {});
    await rejects(c.call('processInstanceGet', {}), (e) => {
      assert.deepEqual([e.code, e.action], ['budget', 'quota_exhausted']);
      assert.match(e.message, /9 of 10 used, non-urgent pulls paused/);
    });
    await c.call('processInstanceGet', {}, { urgent: true });
    await rejects(c.call('processInstanceGet', {}, { urgent: true }), (e) => assert.equal(e.action, 'quota_exhausted'));
    await c.call('departmentListSub', { dept_id: 1 });
    assert.equal(c.budget.usedThisMonth(), 10);
    clock.set(Date.parse('2026-04-01T00:00:00+08:00'));
    assert.equal(c.budget.usedThisMonth(), 0);
  });

  it('logs refusals without secrets, tokens or the token-bearing URL', async () => {
    tokenScope(1);
    nock(OAPI).post('/attendance/listRecord').query(true).reply(200, { errcode: -1, errmsg: '系统繁忙' });
    nock(OAPI).post('/attendance/listRecord').query(true).reply(200, { errcode: 0, errmsg: 'ok', recordresult: [] });
    const lines: string[] = [];
    await new DingtalkClient(unitTenant, 'Asia/Shanghai', unitDeps(undefined, lines), { retry: fast }).call('attendanceListRecord', { userIds: ['u1'] });
    assert.ok(lines.some((l) => l.includes('dingtalk call refused')));
    for (const l of lines) for (const secret of [SECRET, 'T1', 'access_token']) assert.ok(!l.includes(secret), `${secret} in ${l}`);
  });

  it('honours configured base URLs (trailing slash tolerated)', async () => {
    nock('http://fake.local:7000').post('/v1.0/oauth2/accessToken').reply(200, { accessToken: 'TX', expireIn: 7200 });
    nock('http://fake.local:7001').post('/topapi/v2/user/get').query({ access_token: 'TX' }).reply(200, { errcode: 0, errmsg: 'ok', result: {} });
    const tenant = { ...unitTenant, apiBase: 'http://fake.local:7001/', apiV1Base: 'http://fake.local:7000' };
    await new DingtalkClient(tenant, 'Asia/Shanghai', unitDeps(), { retry: fast }).call('userGet', { userid: 'x' });
  });
});
