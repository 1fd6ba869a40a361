import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { startWecomSandbox, type WecomSandbox } from '../../../adapters/wecom/sandbox/index.js';
import { ManualClock } from '../../../src/clock.js';
import { VendorError } from '../../../src/http/vendorError.js';
import { connect } from './support.js';

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
interface Writes {
  message_send: number;
  media_upload: number;
  messages_delivered: number;
  messages_suppressed: number;
  recent_messages: { msgtype: string; recipients: number; text?: { sha256: string }; file?: { fileName: string; size: number; sha256: string } }[];
}

describe('wecom application messages against the sandbox', () => {
  let sb: WecomSandbox;
  let token: string;
  const writes = async (): Promise<Writes> => ((await request(sb.url).get('/__sandbox/truth')).body as { writes: Writes }).writes;
  const calls = async (): Promise<Record<string, number>> => ((await request(sb.url).get('/__sandbox/truth')).body as { calls: Record<string, number> }).calls;
  const api = (path: string, body: object) => request(sb.url).post(path).query({ access_token: token }).send(JSON.stringify(body)).then((r) => r.body as { errcode: number; errmsg: string });

  /** Repeats a call past injected faults (-1, 45033) and returns the documented errcode. */
  const settled = async (call: () => Promise<{ errcode: number }>): Promise<number> => {
    for (;;) {
      const { errcode } = await call();
      if (errcode !== -1 && errcode !== 45033) return errcode;
    }
  };

  before(async () => {
    // A fixed sandbox clock: the per-minute window cannot roll over in the middle of a test.
    sb = await startWecomSandbox({ employees: 20, days: 3, seed: 11, faultRate: 0.3, clock: new ManualClock(Date.parse('2026-11-25T02:00:00Z')) });
    const got = await request(sb.url).get('/cgi-bin/gettoken').query({ corpid: sb.env['WECOM_CORP_ID'], corpsecret: sb.env['WECOM_SECRET'] });
    token = (got.body as { access_token: string }).access_token;
  });
  after(() => sb.close());

  it('each message item lands exactly once although a third of the calls fail transiently', async () => {
    const connector = connect(sb.env);
    const before = await writes();
    const callsBefore = (await calls())['/cgi-bin/message/send'] ?? 0;
    const texts = ['u00001', 'u00002', 'u00003', 'u00004', 'u00005'].map((u) => ({ userid: u, text: `${u}: 11月3日 上班缺卡` }));
    for (const [i, p] of texts.entries()) await connector.writeBack({ kind: 'message', payload: p, idempotencyKey: `m${i}` });
    const after = await writes();
    assert.equal(after.messages_delivered - before.messages_delivered, texts.length);
    assert.equal(after.message_send - before.message_send, texts.length);
    assert.deepEqual(after.recent_messages.slice(-texts.length).map((m) => [m.msgtype, m.recipients, m.text?.sha256]), texts.map((p) => ['text', 1, sha(p.text)]));
    assert.ok(((await calls())['/cgi-bin/message/send'] ?? 0) - callsBefore > texts.length, 'some calls failed and were retried');
    assert.ok(!JSON.stringify(after).includes('u00001') && !JSON.stringify(after).includes('缺卡'), 'truth holds no userid or text');
  });

  it('file_message uploads once and delivers the file; a repeated item is caught by the duplicate check', async () => {
    const connector = connect(sb.env);
    const before = await writes();
    const content = Buffer.from('姓名,出勤天数\n张三,21\n');
    const it = { kind: 'file_message', payload: { userid: 'u00006', fileName: '2026-11 考勤月报.csv', contentBase64: content.toString('base64') }, idempotencyKey: 'f1' };
    await connector.writeBack(it);
    let after = await writes();
    assert.equal(after.media_upload - before.media_upload, 1);
    assert.equal(after.messages_delivered - before.messages_delivered, 1);
    assert.deepEqual(after.recent_messages.at(-1)?.file, { fileName: '2026-11 考勤月报.csv', size: content.length, sha256: sha(content) });
    await connector.writeBack(it);
    after = await writes();
    assert.equal(after.media_upload - before.media_upload, 1, 'the retry reused the media_id');
    assert.equal(after.messages_delivered - before.messages_delivered, 1, 'delivered once');
    assert.equal(after.messages_suppressed - before.messages_suppressed, 1);
  });

  it('an unknown user is refused for good (81013) and nothing is delivered', async () => {
    const before = await writes();
    await assert.rejects(connect(sb.env).writeBack({ kind: 'message', payload: { userid: 'ghost', text: 'x' }, idempotencyKey: 'g' }), (e: unknown) => e instanceof VendorError && e.code === '81013' && !e.transient);
    assert.equal((await writes()).messages_delivered, before.messages_delivered);
  });

  it('the sandbox validates like WeCom: agentid, msgtype, text size, media_id, upload type and size', async () => {
    const agentid = Number(sb.env['WECOM_AGENT_ID']);
    const send = (b: object) => settled(() => api('/cgi-bin/message/send', { touser: 'u00001', agentid, ...b }));
    assert.equal(await send({ agentid: agentid + 1, msgtype: 'text', text: { content: 'x' } }), 40056);
    assert.equal(await send({ msgtype: 'news', news: {} }), 40008);
    assert.equal(await send({ msgtype: 'text', text: { content: '' } }), 44004);
    assert.equal(await send({ msgtype: 'text', text: { content: 'a'.repeat(2049) } }), 45002);
    assert.equal(await send({ msgtype: 'file', file: { media_id: 'nope' } }), 40007);
    const upload = (type: string, bytes: Buffer | null) =>
      settled(async () => {
        const req = request(sb.url).post('/cgi-bin/media/upload').query({ access_token: token, type });
        return (bytes === null ? await req.send('') : await req.attach('media', bytes, 'a.bin')).body as { errcode: number };
      });
    assert.equal(await upload('file', Buffer.from('12345')), 40006);
    assert.equal(await upload('file', null), 44001);
    assert.equal(await upload('doc', Buffer.from('123456')), 40005);
    assert.equal(await upload('voice', Buffer.alloc(2 * 1024 * 1024 + 1, 1)), 45001);
    assert.equal(await upload('file', Buffer.from('123456')), 0);
  });

  it('more than 30 messages a minute to one member are accepted but not delivered', async () => {
    const agentid = Number(sb.env['WECOM_AGENT_ID']);
    const before = await writes();
    for (let i = 0; i < 32; i++) assert.equal(await settled(() => api('/cgi-bin/message/send', { touser: 'u00010', agentid, msgtype: 'text', text: { content: `n${i}` } })), 0);
    const after = await writes();
    assert.equal(after.messages_delivered - before.messages_delivered, 30);
    assert.equal(after.messages_suppressed - before.messages_suppressed, 2);
  });
});
