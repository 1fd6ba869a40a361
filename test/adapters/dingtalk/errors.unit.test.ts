import assert from 'node:assert/strict';
import { classifyOapi, classifyV1, oapiErrors, v1Errors } from '../../../adapters/dingtalk/errors.js';
import { dingtalkApis, dingtalkLimits, findDingtalkApi } from '../../../adapters/dingtalk/descriptor.js';

describe('dingtalk errors: oapi errcodes', () => {
  const cases: [number, string | undefined, string][] = [
    [0, undefined, 'ok'],
    [-1, undefined, 'retry'],
    [15, undefined, 'retry'],
    [88, undefined, 'retry'],
    [88, '60011', 'fail'],
    [40001, undefined, 'refresh_token'],
    [40014, undefined, 'refresh_token'],
    [41001, undefined, 'refresh_token'],
    [42001, undefined, 'refresh_token'],
    [60011, undefined, 'fail'],
    [60121, undefined, 'fail'],
    [71009, undefined, 'fail'],
    [90002, undefined, 'rate_limited'],
    [90005, undefined, 'rate_limited'],
    [90018, undefined, 'rate_limited'],
    [90020, undefined, 'quota_exhausted'],
    [850012, undefined, 'fail'],
    [900005, undefined, 'fail'],
  ];
  for (const [code, sub, action] of cases) {
    it(`${code}${sub ? `/${sub}` : ''} → ${action}`, () => {
      const c = classifyOapi(code, sub);
      assert.equal(c.action, action);
      assert.equal(c.known, true);
    });
  }
  it('an unknown errcode fails and says it is unknown', () => {
    assert.deepEqual(classifyOapi(123456), { action: 'fail', known: false, meaning: 'unknown errcode 123456' });
  });
  it('every table entry has a message', () => {
    for (const e of Object.values(oapiErrors)) assert.ok(e.errmsg.length > 0);
  });
});

describe('dingtalk errors: v1.0 HTTP errors', () => {
  const cases: [number, string | undefined, string][] = [
    [200, undefined, 'ok'],
    [400, 'InvalidAuthentication', 'refresh_token'],
    [400, 'invalidClientIdOrSecret', 'fail'],
    [403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', 'fail'],
    [403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'rate_limited'],
    [403, 'Forbidden.AccessDenied.QpmLimitForAppkeyAndApi', 'rate_limited'],
    [403, 'Forbidden.AccessDenied.QpsLimitForApi', 'rate_limited'],
    [403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', 'quota_exhausted'],
    [429, 'system.busy', 'rate_limited'],
    [429, undefined, 'rate_limited'],
    [502, undefined, 'retry'],
    [504, undefined, 'retry'],
    [400, 'invalidMaxResults', 'fail'],
    [400, 'somethingNew', 'fail'],
    [403, undefined, 'fail'],
  ];
  for (const [status, code, action] of cases) {
    it(`${status} ${code ?? '(no code)'} → ${action}`, () => assert.equal(classifyV1(status, code).action, action));
  }
  it('table statuses are HTTP errors', () => {
    for (const e of Object.values(v1Errors)) assert.ok(e.status >= 400 && e.status < 600);
  });
});

describe('dingtalk descriptor', () => {
  it('finds APIs by method and path and nothing else', () => {
    assert.equal(findDingtalkApi('post', '/attendance/listRecord'), 'attendanceListRecord');
    assert.equal(findDingtalkApi('GET', '/v1.0/workflow/processInstances'), 'processInstanceGetV1');
    assert.equal(findDingtalkApi('GET', '/attendance/listRecord'), undefined);
    assert.equal(findDingtalkApi('POST', '/nope'), undefined);
  });
  it('method + path pairs are unique and families match their prefixes', () => {
    const seen = new Set<string>();
    for (const api of Object.values(dingtalkApis)) {
      const key = `${api.method} ${api.path}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
      assert.equal(api.path.startsWith('/v1.0/'), api.family === 'v1', api.path);
    }
  });
  it('carries the documented limits', () => {
    assert.equal(dingtalkLimits.qpsPerAppPerApi, 20);
    assert.deepEqual(dingtalkApis.attendanceListRecord.limits, { maxUsers: 50, maxDays: 7 });
    assert.deepEqual(dingtalkApis.attendanceList.limits, { maxUsers: 50, maxDays: 7, maxPageSize: 50 });
    assert.equal(dingtalkApis.processInstanceListIds.limits.maxPageSize, 20);
    assert.equal(dingtalkApis.userList.limits.maxPageSize, 100);
  });
});
