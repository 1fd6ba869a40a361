import assert from 'node:assert/strict';
import request from 'supertest';
import { adapters } from '../../adapters/index.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../adapters/dingtalk/sandbox/index.js';
import { wechatCredentials } from '../../adapters/wecom/sandbox/api-wechat.js';
import { startWecomSandbox, type WecomSandbox } from '../../adapters/wecom/sandbox/index.js';
import { loadConfig } from '../../config/load.js';
import { systemClock } from '../../src/clock.js';
import { Connectors } from '../../src/connectors.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { describeEachDb } from '../support/db.js';
import { bearer, seed, type Fixture } from './fixture.js';

const SEED = 4242;

describeEachDb('checkin: employee sessions from vendor login codes', (t) => {
  let wecom: WecomSandbox;
  let dingtalk: DingtalkSandbox;
  let f: Fixture;
  const users: Record<'wecom' | 'dingtalk', string[]> = { wecom: [], dingtalk: [] };

  const sandboxCode = async (base: string, userid: string): Promise<string> => (await request(base).get(`/__sandbox/oauth-code?userid=${userid}`).expect(200)).body.code as string;
  const wxCode = async (query: string): Promise<string> => (await request(wecom.url).get(`/__sandbox/wx-login?${query}`).expect(200)).body.code as string;
  const session = (body: Record<string, unknown>) => request(f.app).post('/api/v1/auth/session').send(body);

  before(async () => {
    wecom = await startWecomSandbox({ employees: 4, days: 2, seed: SEED });
    dingtalk = await startDingtalkSandbox({ employees: 4, days: 2, seed: SEED + 1 });
    users.wecom = wecom.company.employees.map((e) => e.key);
    users.dingtalk = dingtalk.company.employees.map((e) => e.key);
    const config = loadConfig({ ...wecom.env, ...dingtalk.env });
    const connectors = new Connectors(config, adapters, { clock: systemClock, logger: createLogger('silent'), metrics: createMetrics() });
    const creds = wechatCredentials(SEED);
    f = await seed(t.db, { connectors, wechat: { appId: creds.appId, secret: creds.secret, apiBase: wecom.url } });
    // The first two users of each vendor are employees here (as a contacts sync would have made them).
    await applyChanges(t.db, { id: 'default', timezone: 'Asia/Shanghai' }, users.wecom.slice(0, 2).map((u) => ({ kind: 'employee', externalUserId: u, name: u, departmentExternalId: null })), f.clock);
    await applyChanges(t.db, { id: 'default-dingtalk', timezone: 'Asia/Shanghai' }, users.dingtalk.slice(0, 2).map((u) => ({ kind: 'employee', externalUserId: u, name: u, departmentExternalId: null })), f.clock);
  });
  after(async () => {
    await wecom?.close();
    await dingtalk?.close();
  });

  it('WeCom: an OAuth code becomes a 12-hour employee token for the mapped employee', async () => {
    const user = users.wecom[0] as string;
    const res = await session({ vendor: 'wecom', code: await sandboxCode(wecom.url, user) }).expect(200);
    assert.equal(res.body.role, 'employee');
    assert.equal(res.body.employeeId, employeeIdFor('default', user));
    assert.equal(Date.parse(res.body.expiresAt), f.clock.now() + 12 * 3_600_000);
    const me = await request(f.app).get('/api/v1/me').set(...bearer(res.body.token)).expect(200);
    assert.equal(me.body.employee.id, employeeIdFor('default', user));
    await request(f.app).post('/api/v1/checkins').set(...bearer(res.body.token)).send({ clientId: 'from-session' }).expect(201);
    f.clock.advance(12 * 3_600_000);
    await request(f.app).get('/api/v1/me').set(...bearer(res.body.token)).expect(401);
  });

  it('WeCom: a reused or unknown code is 401 with the vendor code; a corp member who is no employee here is 401', async () => {
    const code = await sandboxCode(wecom.url, users.wecom[1] as string);
    await session({ vendor: 'wecom', tenant: 'default', code }).expect(200);
    const reused = await session({ vendor: 'wecom', code }).expect(401);
    assert.equal(reused.body.error.code, 'UNAUTHENTICATED');
    assert.equal(reused.body.error.details.vendorCode, '40029');
    assert.equal((await session({ vendor: 'wecom', code: 'made-up' }).expect(401)).body.error.details.vendorCode, '40029');
    const stranger = await session({ vendor: 'wecom', code: await sandboxCode(wecom.url, users.wecom[3] as string) }).expect(401);
    assert.match(stranger.body.error.message, /not an active employee/);
    await session({ vendor: 'wecom', tenant: 'default-dingtalk', code: 'x' }).expect(400);
  });

  it('DingTalk: a free-login authCode becomes a token; a reused one is 401 (40078)', async () => {
    const user = users.dingtalk[0] as string;
    const code = await sandboxCode(dingtalk.url, user);
    const res = await session({ vendor: 'dingtalk', code }).expect(200);
    assert.equal(res.body.employeeId, employeeIdFor('default-dingtalk', user));
    const reused = await session({ vendor: 'dingtalk', code }).expect(401);
    assert.equal(reused.body.error.details.vendorCode, '40078');
  });

  it('WeChat: an unbound openid needs HR’s one-time binding code; once bound, the wx.login code alone signs in', async () => {
    const employee = employeeIdFor('acme', 'wang');
    const unbound = await session({ vendor: 'wechat', code: await wxCode('openid=o-wang-phone') }).expect(401);
    assert.equal(unbound.body.error.details.bindable, true);
    await request(f.app).post('/api/v1/checkin/binding-codes').set(...bearer(f.tokens.wang)).send({ employeeId: employee }).expect(403);
    const made = await request(f.app).post('/api/v1/checkin/binding-codes').set(...bearer(f.tokens.hr)).send({ employeeId: employee }).expect(201);
    assert.match(made.body.code, /^[2-9A-Z]{10}$/);
    assert.equal(await t.db('binding_codes').where('code_hash', made.body.code).first(), undefined, 'only a hash is stored');
    const bound = await session({ vendor: 'wechat', code: await wxCode('openid=o-wang-phone'), bindingCode: made.body.code.toLowerCase() }).expect(200);
    assert.equal(bound.body.employeeId, employee);
    assert.ok(!JSON.stringify(bound.body).includes('session_key'));
    const again = await session({ vendor: 'wechat', code: await wxCode('openid=o-wang-phone') }).expect(200);
    assert.equal(again.body.employeeId, employee);
    const replay = await session({ vendor: 'wechat', code: await wxCode('openid=o-someone-else'), bindingCode: made.body.code }).expect(401);
    assert.match(replay.body.error.message, /binding code/);
    const stored = JSON.stringify(await t.db('audit_log').select('*')) + JSON.stringify(await t.db('wechat_bindings').select('*'));
    assert.ok(!stored.includes('session_key'), 'no session key is stored');
  });

  it('WeChat: the documented errors (40029 invalid or reused code, 40226 high-risk user) are 401', async () => {
    const code = await wxCode('userid=' + (users.wecom[0] as string));
    await session({ vendor: 'wechat', code }).expect(401);
    assert.equal((await session({ vendor: 'wechat', code }).expect(401)).body.error.details.vendorCode, '40029');
    const risky = await session({ vendor: 'wechat', code: await wxCode('openid=o-risky&risky=1') }).expect(401);
    assert.equal(risky.body.error.details.vendorCode, '40226');
    const direct = await request(wecom.url).get('/sns/jscode2session').query({ appid: 'wrong', secret: 'x', js_code: 'y', grant_type: 'authorization_code' }).expect(200);
    assert.equal(direct.body.errcode, 40013);
  });
});
