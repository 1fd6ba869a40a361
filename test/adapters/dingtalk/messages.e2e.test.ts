import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import type { DingtalkConnector } from '../../../adapters/dingtalk/connector.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { sandboxAgentId } from '../../../adapters/dingtalk/sandbox/routes/messages.js';
import { VendorError } from '../../../src/http/vendorError.js';
import { oapi, truth, v1Token } from './helpers.js';
import { connectSandbox, sandboxTenant, testDeps } from './support.js';

const SEED = 21;
const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
type Rec = { body: Record<string, unknown> };
const permanent = (code: string) => (e: unknown) => e instanceof VendorError && e.code === code && !e.transient;

describe('dingtalk work notifications and to-dos against the sandbox', () => {
  let sb: DingtalkSandbox;
  let connector: DingtalkConnector;
  const writes = async (): Promise<Record<string, Rec[]>> => (await truth(sb))['writes'] as Record<string, Rec[]>;
  const n = (w: Record<string, Rec[]>, api: string): number => w[api]?.length ?? 0;

  before(async () => {
    sb = await startDingtalkSandbox({ employees: 20, days: 3, seed: SEED, faultRate: 0.25 });
    connector = connectSandbox({ ...(await sandboxTenant(sb)), agentId: sandboxAgentId(SEED) }, testDeps());
  });
  after(() => sb.close());

  it('each message item lands exactly once despite injected faults; the same content again that day is not delivered twice', async () => {
    const before = await writes();
    const callsBefore = (await truth(sb)).calls['messageSend'] ?? 0;
    const items = ['u00001', 'u00002', 'u00003'].map((u, i) => ({ kind: 'message', payload: { userid: u, text: `${u} 3月9日 下班缺卡` }, idempotencyKey: `m${i}` }));
    for (const it of items) await connector.writeBack(it);
    let after = await writes();
    assert.equal(n(after, 'messageSend') - n(before, 'messageSend'), 3);
    assert.deepEqual(after['messageSend']?.slice(-3).map((r) => (r.body['text'] as { sha256: string }).sha256), items.map((it) => sha(it.payload.text)));
    assert.ok(((await truth(sb)).calls['messageSend'] ?? 0) - callsBefore > items.length, 'some calls failed and were retried');
    assert.ok(!JSON.stringify(after).includes('u00001') && !JSON.stringify(after).includes('缺卡'), 'truth holds no userid or text');
    await connector.writeBack(items[0]!);
    after = await writes();
    assert.equal(n(after, 'messageSend') - n(before, 'messageSend'), 3);
    assert.equal(n(after, 'messageSuppressed') - n(before, 'messageSuppressed'), 1);
  });

  it('file_message: one upload, one file notification carrying that file', async () => {
    const before = await writes();
    const content = Buffer.from('%PDF-1.4 考勤月报');
    await connector.writeBack({ kind: 'file_message', payload: { userid: 'u00004', fileName: '考勤月报.pdf', contentBase64: content.toString('base64') }, idempotencyKey: 'f1' });
    const after = await writes();
    assert.equal(n(after, 'mediaUpload') - n(before, 'mediaUpload'), 1);
    assert.equal(n(after, 'messageSend') - n(before, 'messageSend'), 1);
    assert.deepEqual(after['messageSend']?.at(-1)?.body['file'], { fileName: '考勤月报.pdf', size: content.length, sha256: sha(content) });
  });

  it('workrecord_add is idempotent by request id; workrecord_update completes it by biz_id; an unknown to-do is refused for good', async () => {
    const todo = { userid: 'u00005', requestId: 'req-7', title: '请假申请', url: 'https://bridge.example/requests/req-7', formItems: [{ title: '类型', content: '年假' }] };
    const before = await writes();
    await connector.writeBack({ kind: 'workrecord_add', payload: todo, idempotencyKey: 'w1' });
    await connector.writeBack({ kind: 'workrecord_add', payload: todo, idempotencyKey: 'w1' });
    await connector.writeBack({ kind: 'workrecord_update', payload: { userid: 'u00005', requestId: 'req-7' }, idempotencyKey: 'w2' });
    await connector.writeBack({ kind: 'workrecord_update', payload: { userid: 'u00005', requestId: 'req-7' }, idempotencyKey: 'w2' });
    const after = await writes();
    assert.equal(n(after, 'workrecordAdd') - n(before, 'workrecordAdd'), 1);
    assert.equal(n(after, 'workrecordUpdate') - n(before, 'workrecordUpdate'), 1);
    assert.equal(after['workrecordAdd']?.at(-1)?.body['biz_id'], 'attendance-bridge:req-7');
    await assert.rejects(connector.writeBack({ kind: 'workrecord_update', payload: { userid: 'u00005', requestId: 'req-unknown' }, idempotencyKey: 'w3' }), permanent('40035'));
  });

  it('without an agentId nothing is called; the sandbox refuses a foreign agent_id, unknown media and an upload without type', async () => {
    const calls = (await truth(sb)).calls;
    const noAgent = connectSandbox(await sandboxTenant(sb), testDeps());
    await assert.rejects(noAgent.writeBack({ kind: 'message', payload: { userid: 'u00001', text: 'x' }, idempotencyKey: 'x' }), permanent('no_agent_id'));
    assert.equal((await truth(sb)).calls['messageSend'], calls['messageSend']);
    const token = await v1Token(sb);
    const agent = Number(sandboxAgentId(SEED));
    const settled = async (path: string, body: object): Promise<number> => {
      for (;;) {
        const { errcode } = await oapi(sb, token, path, body);
        if (errcode !== -1) return errcode;
      }
    };
    assert.equal(await settled('/topapi/message/corpconversation/asyncsend_v2', { agent_id: agent + 1, userid_list: 'u00001', msg: { msgtype: 'text', text: { content: 'x' } } }), 40035);
    assert.equal(await settled('/topapi/message/corpconversation/asyncsend_v2', { agent_id: agent, userid_list: 'u00001', msg: { msgtype: 'file', file: { media_id: '@nope' } } }), 40035);
    assert.equal(await settled('/topapi/message/corpconversation/asyncsend_v2', { agent_id: agent, userid_list: 'u00001', msg: JSON.stringify({ msgtype: 'text', text: { content: 'as a string' } }) }), 0);
    for (;;) {
      const r = (await request(sb.url).post('/media/upload').query({ access_token: token }).attach('media', Buffer.from('abc'), 'a.txt')).body as { errcode: number };
      if (r.errcode === -1) continue;
      assert.equal(r.errcode, 40035);
      break;
    }
  });
});
