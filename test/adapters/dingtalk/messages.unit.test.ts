import assert from 'node:assert/strict';
import nock from 'nock';
import type { DingtalkTenantConfig } from '../../../config/schema.js';
import { DingtalkConnector } from '../../../adapters/dingtalk/connector.js';
import { ManualClock } from '../../../src/clock.js';
import { VendorError } from '../../../src/http/vendorError.js';
import { OAPI, fast, tokenScope, unitDeps, unitTenant } from './nock-support.js';

const NOW = Date.parse('2026-03-10T02:00:00Z');
const tenant: DingtalkTenantConfig = { ...unitTenant, agentId: '3001234567' };
const connector = (t: DingtalkTenantConfig = tenant) => new DingtalkConnector(t, 'Asia/Shanghai', unitDeps(new ManualClock(NOW)), { retry: fast });
const item = (kind: string, payload: Record<string, unknown>) => ({ kind, payload, idempotencyKey: `${kind}:1` });
const isVendor = (code: string, transient: boolean) => (e: unknown) => e instanceof VendorError && e.code === code && e.transient === transient;
const ok = { errcode: 0, errmsg: 'ok', request_id: 'r1' };
const TEXT = '3月9日 下班缺卡';
const todo = { userid: 'u1', requestId: 'req-42', title: '请假申请 待审批', url: 'https://bridge.example/requests/req-42', formItems: [{ title: '类型', content: '年假' }, { title: '时间', content: '3月12日' }] };

describe('dingtalk work notifications and to-dos (nock)', () => {
  let bodies: unknown[];
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  beforeEach(() => {
    bodies = [];
    tokenScope(1);
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    assert.deepEqual(pending, [], 'every mocked call was made');
  });
  const expect = (path: string, reply: object, times = 1) =>
    nock(OAPI)
      .post(path)
      .query({ access_token: 'T1' })
      .times(times)
      .reply(200, (_uri, body) => (bodies.push(body), reply));

  it('message: asyncsend_v2 with the numeric agent_id, one userid and a text msg', async () => {
    expect('/topapi/message/corpconversation/asyncsend_v2', { ...ok, task_id: 256 });
    await connector().writeBack(item('message', { userid: 'u1', text: TEXT }));
    assert.deepEqual(bodies, [{ agent_id: 3001234567, userid_list: 'u1', msg: { msgtype: 'text', text: { content: TEXT } } }]);
  });

  it('message: QPS (90018) is retried; 60011, an answer without task_id, a missing agentId or a bad payload are permanent', async () => {
    const c = connector();
    expect('/topapi/message/corpconversation/asyncsend_v2', { errcode: 90018, errmsg: 'qps' });
    expect('/topapi/message/corpconversation/asyncsend_v2', { ...ok, task_id: 1 });
    await c.writeBack(item('message', { userid: 'u1', text: TEXT }));
    assert.equal(bodies.length, 2);
    expect('/topapi/message/corpconversation/asyncsend_v2', { errcode: 60011, errmsg: '没有调用该接口的权限' });
    await assert.rejects(c.writeBack(item('message', { userid: 'u1', text: TEXT })), isVendor('60011', false));
    expect('/topapi/message/corpconversation/asyncsend_v2', ok);
    await assert.rejects(c.writeBack(item('message', { userid: 'u1', text: TEXT })), isVendor('malformed', false));
    await assert.rejects(c.writeBack(item('message', { userid: 'u1' })), isVendor('bad_payload', false));
    const { agentId: _drop, ...noAgent } = tenant;
    await assert.rejects(connector(noAgent).writeBack(item('message', { userid: 'u1', text: TEXT })), (e: unknown) => isVendor('no_agent_id', false)(e) && /set agentId/.test(String(e)));
  });

  it('file_message: media/upload (multipart "media", type=file), then a file msg with the media_id', async () => {
    const content = Buffer.from('%PDF-1.4 monthly report');
    let upload = '';
    nock(OAPI)
      .post('/media/upload')
      .query({ access_token: 'T1', type: 'file' })
      .reply(function (_uri, body) {
        upload = `${String(this.req.headers['content-type'])}\n${String(body)}`;
        return [200, { errcode: 0, errmsg: 'ok', type: 'file', media_id: '@lAzPD1', created_at: NOW }];
      });
    expect('/topapi/message/corpconversation/asyncsend_v2', { ...ok, task_id: 2 });
    await connector().writeBack(item('file_message', { userid: 'hr1', fileName: 'report.pdf', contentBase64: content.toString('base64') }));
    assert.match(upload, /^multipart\/form-data; boundary=/);
    assert.ok(upload.includes('Content-Disposition: form-data; name="media"; filename="report.pdf"'));
    assert.ok(upload.includes(content.toString()));
    assert.deepEqual(bodies, [{ agent_id: 3001234567, userid_list: 'hr1', msg: { msgtype: 'file', file: { media_id: '@lAzPD1' } } }]);
  });

  it('workrecord_add: the to-do with create_time from the clock and our biz_id; workrecord_update by recordId or by that biz_id', async () => {
    expect('/topapi/workrecord/add', { ...ok, record_id: 'rec-9' });
    expect('/topapi/workrecord/update', { ...ok, result: true }, 2);
    const c = connector();
    await c.writeBack(item('workrecord_add', todo));
    await c.writeBack(item('workrecord_update', { ...todo, recordId: 'rec-9' }));
    await c.writeBack(item('workrecord_update', { userid: 'u1', requestId: 'req-42' }));
    assert.deepEqual(bodies, [
      { userid: 'u1', create_time: NOW, title: todo.title, url: todo.url, formItemList: todo.formItems, biz_id: 'attendance-bridge:req-42' },
      { userid: 'u1', record_id: 'rec-9' },
      { userid: 'u1', record_id: 'attendance-bridge:req-42' },
    ]);
  });

  it('workrecord: 60121 and result=false are permanent; more than 20 form items never leave', async () => {
    const c = connector();
    expect('/topapi/workrecord/add', { errcode: 60121, errmsg: '找不到该用户' });
    await assert.rejects(c.writeBack(item('workrecord_add', todo)), isVendor('60121', false));
    expect('/topapi/workrecord/update', { ...ok, result: false });
    await assert.rejects(c.writeBack(item('workrecord_update', { userid: 'u1', requestId: 'req-42' })), isVendor('not_updated', false));
    const many = Array.from({ length: 21 }, (_, i) => ({ title: `t${i}`, content: 'x' }));
    await assert.rejects(c.writeBack(item('workrecord_add', { ...todo, formItems: many })), isVendor('bad_payload', false));
  });
});
