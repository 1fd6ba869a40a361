import assert from 'node:assert/strict';
import nock from 'nock';
import type { WecomTenantConfig } from '../../../config/schema.js';
import { ManualClock } from '../../../src/clock.js';
import { VendorError } from '../../../src/http/vendorError.js';
import { WecomConnector } from '../../../adapters/wecom/connector.js';
import { fastRetry, testDeps } from './support.js';

const BASE = 'https://qyapi.test';
const tenant: WecomTenantConfig = { id: 't1', vendor: 'wecom', corpId: 'wwcorp', agentId: '1000002', apiBase: BASE, secrets: { default: 'S' } };
const connector = (t: WecomTenantConfig = tenant) => new WecomConnector(t, 'Asia/Shanghai', testDeps(new ManualClock(0)), { retry: fastRetry, timeoutMs: 500 });
const ok = { errcode: 0, errmsg: 'ok' };
let seq = 0;
const item = (kind: string, payload: Record<string, unknown>) => ({ kind, payload, idempotencyKey: `${kind}:${++seq}` });
const isVendor = (code: string, transient: boolean) => (e: unknown) => e instanceof VendorError && e.code === code && e.transient === transient;
const TEXT = '11月3日 上班缺卡，请在 3 天内补卡';

describe('wecom application messages (nock)', () => {
  let sent: unknown[];
  beforeEach(() => {
    nock.disableNetConnect();
    sent = [];
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, { ...ok, access_token: 'T', expires_in: 7200 }).persist();
  });
  afterEach(() => {
    const pending = nock.pendingMocks().filter((m) => !m.includes('gettoken'));
    nock.cleanAll();
    nock.enableNetConnect();
    assert.deepEqual(pending, [], 'every mocked call was made');
  });
  const send = (reply: object = { ...ok, invaliduser: '', msgid: 'm1' }, times = 1) =>
    nock(BASE)
      .post('/cgi-bin/message/send')
      .query({ access_token: 'T' })
      .times(times)
      .reply(200, (_uri, body) => (sent.push(body), reply));

  it('message: a text message to one user from the tenant agent, with the duplicate check on', async () => {
    send();
    await connector().writeBack(item('message', { userid: 'james', text: TEXT }));
    assert.deepEqual(sent, [{ touser: 'james', agentid: 1000002, msgtype: 'text', text: { content: TEXT }, safe: 0, enable_duplicate_check: 1, duplicate_check_interval: 14400 }]);
  });

  it('message: -1 and 45009 are retried; a user WeCom lists as invalid or unlicensed is refused for good', async () => {
    send({ errcode: -1, errmsg: 'system busy' });
    send({ errcode: 45009, errmsg: 'api freq out of limit' });
    send();
    await connector().writeBack(item('message', { userid: 'james', text: TEXT }));
    assert.equal(sent.length, 3);
    send({ ...ok, invaliduser: 'james' });
    await assert.rejects(connector().writeBack(item('message', { userid: 'James', text: TEXT })), isVendor('invalid_user', false));
    send({ ...ok, invaliduser: '', unlicenseduser: 'james' });
    await assert.rejects(connector().writeBack(item('message', { userid: 'james', text: TEXT })), isVendor('unlicensed_user', false));
  });

  it('message: 81013 and 40003 are permanent; 45009 that outlasts the retries stays transient for the outbox', async () => {
    send({ errcode: 81013, errmsg: 'user & party & tag all invalid' });
    await assert.rejects(connector().writeBack(item('message', { userid: 'ghost', text: TEXT })), isVendor('81013', false));
    send({ errcode: 40003, errmsg: 'invalid userid' });
    await assert.rejects(connector().writeBack(item('message', { userid: 'gh ost', text: TEXT })), isVendor('40003', false));
    send({ errcode: 45009, errmsg: 'api freq out of limit' }, fastRetry.retries + 1);
    await assert.rejects(connector().writeBack(item('message', { userid: 'james', text: TEXT })), isVendor('45009', true));
  });

  it('message: no agentId, an empty or over-long text are parked without a call, and the error never carries the text', async () => {
    const { agentId: _drop, ...noAgent } = tenant;
    await assert.rejects(connector(noAgent).writeBack(item('message', { userid: 'james', text: TEXT })), (e: unknown) => isVendor('no_agent_id', false)(e) && /WECOM_AGENT_ID/.test(String(e)));
    const long = '缺'.repeat(683); // 2049 bytes
    await assert.rejects(connector().writeBack(item('message', { userid: 'james', text: long })), (e: unknown) => isVendor('bad_payload', false)(e) && !String(e).includes('缺缺'));
    await assert.rejects(connector().writeBack(item('message', { userid: 'james', text: '' })), isVendor('bad_payload', false));
  });

  it('file_message: media/upload as multipart "media" with the file name, then a file message with its media_id', async () => {
    const content = Buffer.from('PK\u0003\u0004 monthly report bytes');
    let upload = '';
    let contentType = '';
    nock(BASE)
      .post('/cgi-bin/media/upload')
      .query({ access_token: 'T', type: 'file' })
      .reply(function (_uri, body) {
        upload = String(body);
        contentType = String(this.req.headers['content-type']);
        return [200, { errcode: 0, errmsg: '', type: 'file', media_id: 'MID1', created_at: '1380000000' }];
      });
    send();
    await connector().writeBack(item('file_message', { userid: 'hr01', fileName: '2026-11 考勤月报.xlsx', contentBase64: content.toString('base64') }));
    assert.match(contentType, /^multipart\/form-data; boundary=/);
    assert.ok(upload.includes('Content-Disposition: form-data; name="media"; filename="2026-11 考勤月报.xlsx"'), 'the file name as WeCom shows it');
    assert.ok(upload.includes(content.toString()), 'the file bytes are sent unchanged');
    assert.deepEqual(sent, [{ touser: 'hr01', agentid: 1000002, msgtype: 'file', file: { media_id: 'MID1' }, safe: 0, enable_duplicate_check: 1, duplicate_check_interval: 14400 }]);
  });

  it('file_message: a retried item reuses its media_id (same JSON, caught by the duplicate check) instead of uploading again', async () => {
    const c = connector();
    const it1 = item('file_message', { userid: 'hr01', fileName: 'r.csv', contentBase64: Buffer.from('a,b,c\n1,2,3\n').toString('base64') });
    nock(BASE).post('/cgi-bin/media/upload').query(true).once().reply(200, { ...ok, type: 'file', media_id: 'MID7' });
    send({ errcode: -1, errmsg: 'system busy' }, fastRetry.retries + 1);
    await assert.rejects(c.writeBack(it1), isVendor('-1', true));
    send();
    await c.writeBack(it1);
    assert.deepEqual(new Set(sent.map((b) => JSON.stringify(b))).size, 1, 'every attempt sent the same request JSON');
  });

  it('file_message: too small, not base64 or a refused upload (40006) are permanent', async () => {
    await assert.rejects(connector().writeBack(item('file_message', { userid: 'hr01', fileName: 'a.txt', contentBase64: Buffer.from('tiny').toString('base64') })), isVendor('bad_payload', false));
    await assert.rejects(connector().writeBack(item('file_message', { userid: 'hr01', fileName: 'a.txt', contentBase64: 'not base64!' })), isVendor('bad_payload', false));
    nock(BASE).post('/cgi-bin/media/upload').query(true).reply(200, { errcode: 40006, errmsg: 'invalid file size' });
    await assert.rejects(connector().writeBack(item('file_message', { userid: 'hr01', fileName: 'a.txt', contentBase64: Buffer.from('enough bytes').toString('base64') })), isVendor('40006', false));
  });
});
