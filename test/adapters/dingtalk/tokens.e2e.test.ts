import assert from 'node:assert/strict';
import request from 'supertest';
import { ManualClock } from '../../../src/clock.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { oapi, v1Token } from './helpers.js';

describe('dingtalk sandbox: tokens and free login', () => {
  let sb: DingtalkSandbox;
  const clock = new ManualClock(Date.now());
  before(async () => {
    sb = await startDingtalkSandbox({ employees: 12, days: 3, seed: 11, clock });
  });
  after(() => sb.close());

  it('env holds exactly the DINGTALK_* settings, deterministic from the seed', async () => {
    assert.deepEqual(Object.keys(sb.env).sort(), [
      'DINGTALK_AGENT_ID',
      'DINGTALK_API_BASE',
      'DINGTALK_API_V1_BASE',
      'DINGTALK_APP_KEY',
      'DINGTALK_APP_SECRET',
      'DINGTALK_CALLBACK_AES_KEY',
      'DINGTALK_CALLBACK_TOKEN',
      'DINGTALK_CORP_ID',
      'DINGTALK_PROCESS_CODES',
    ]);
    assert.equal(sb.env['DINGTALK_CALLBACK_AES_KEY']?.length, 43);
    const again = await startDingtalkSandbox({ employees: 12, days: 3, seed: 11 });
    const other = await startDingtalkSandbox({ employees: 12, days: 3, seed: 12 });
    try {
      const strip = (e: Record<string, string>): Record<string, string> => ({ ...e, DINGTALK_API_BASE: '', DINGTALK_API_V1_BASE: '' });
      assert.deepEqual(strip(again.env), strip(sb.env));
      assert.notEqual(other.env['DINGTALK_APP_SECRET'], sb.env['DINGTALK_APP_SECRET']);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('v1.0 accessToken: wrong secret → 400 invalidClientIdOrSecret; right one → token, 7200 s, reused', async () => {
    const bad = await request(sb.url).post('/v1.0/oauth2/accessToken').send({ appKey: sb.env['DINGTALK_APP_KEY'], appSecret: 'nope' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalidClientIdOrSecret');
    assert.ok(bad.body.requestid);
    const ok = await request(sb.url).post('/v1.0/oauth2/accessToken').send({ appKey: sb.env['DINGTALK_APP_KEY'], appSecret: sb.env['DINGTALK_APP_SECRET'] });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.expireIn, 7200);
    assert.equal(await v1Token(sb), ok.body.accessToken);
  });

  it('old gettoken serves the same token; wrong secret → errcode 40001', async () => {
    const bad = await request(sb.url).get('/gettoken').query({ appkey: sb.env['DINGTALK_APP_KEY'], appsecret: 'x' });
    assert.equal(bad.body.errcode, 40001);
    const ok = await request(sb.url).get('/gettoken').query({ appkey: sb.env['DINGTALK_APP_KEY'], appsecret: sb.env['DINGTALK_APP_SECRET'] });
    assert.equal(ok.body.errcode, 0);
    assert.equal(ok.body.expires_in, 7200);
    assert.equal(ok.body.access_token, await v1Token(sb));
  });

  it('missing or unknown token: oapi 40014, v1.0 400 InvalidAuthentication', async () => {
    const none = await request(sb.url).post('/topapi/v2/user/get').send({ userid: 'u00001' });
    assert.equal(none.body.errcode, 40014);
    const unknown = await request(sb.url).post('/topapi/v2/user/get').query({ access_token: 'forged' }).send({ userid: 'u00001' });
    assert.equal(unknown.body.errcode, 40014);
    const v1 = await request(sb.url).get('/v1.0/workflow/processInstances').query({ processInstanceId: 'x' });
    assert.equal(v1.status, 400);
    assert.equal(v1.body.code, 'InvalidAuthentication');
  });

  it('the v1.0 header token works and the token also serves oapi (one token per app)', async () => {
    const token = await v1Token(sb);
    const v1 = await request(sb.url).get('/v1.0/workflow/processInstances').set('x-acs-dingtalk-access-token', token).query({ processInstanceId: 'nope' });
    assert.equal(v1.status, 400);
    assert.equal(v1.body.code, 'invalidProcessInstanceId');
    const user = await oapi(sb, token, '/topapi/v2/user/get', { userid: sb.company.employees[0]?.key });
    assert.equal(user.errcode, 0);
  });

  it('expiry after 7200 s → 42001, then a fresh token', async () => {
    const token = await v1Token(sb);
    clock.advance(7201_000);
    assert.equal((await oapi(sb, token, '/topapi/v2/user/get', { userid: 'u00001' })).errcode, 42001);
    const fresh = await v1Token(sb);
    assert.notEqual(fresh, token);
    assert.equal((await oapi(sb, fresh, '/topapi/v2/user/get', { userid: 'u00001' })).errcode, 0);
  });

  it('POST /__sandbox/expire-tokens forces token errors in both families', async () => {
    const token = await v1Token(sb);
    const res = await request(sb.url).post('/__sandbox/expire-tokens');
    assert.ok(res.body.expired >= 1);
    assert.equal((await oapi(sb, token, '/topapi/v2/user/get', { userid: 'u00001' })).errcode, 42001);
    const v1 = await request(sb.url).get('/v1.0/workflow/processInstances').set('x-acs-dingtalk-access-token', token).query({ processInstanceId: 'x' });
    assert.equal(v1.body.code, 'InvalidAuthentication');
  });

  it('free login: a sandbox-issued authCode maps to its userid once', async () => {
    const token = await v1Token(sb);
    const userid = sb.company.employees[3]?.key;
    const { code } = (await request(sb.url).post('/__sandbox/oauth-code').send({ userid })).body as { code: string };
    const first = await oapi(sb, token, '/topapi/v2/user/getuserinfo', { code });
    assert.equal(first.errcode, 0);
    assert.equal((first['result'] as { userid: string }).userid, userid);
    assert.equal((await oapi(sb, token, '/topapi/v2/user/getuserinfo', { code })).errcode, 40078);
    assert.equal((await oapi(sb, token, '/topapi/v2/user/getuserinfo', { code: 'made-up' })).errcode, 40078);
    assert.equal((await request(sb.url).post('/__sandbox/oauth-code').send({ userid: 'ghost' })).status, 404);
  });
});
