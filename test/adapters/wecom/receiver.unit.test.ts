import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/clock.js';
import { AppError } from '../../../src/errors.js';
import { encodeEvent } from '../../../adapters/wecom/codec.js';
import { encryptMessage, signature } from '../../../adapters/wecom/crypto.js';
import { wecomCodec } from '../../../adapters/wecom/receiver.js';

/** docs/wecom.md §12 V1/V2: the official WXBizMsgCrypt sample. */
const cfg = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' };
const V2_BODY =
  '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>';
const V2_QUERY = { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' };
const at = (sec: number) => new ManualClock(sec * 1000);
const code = (e: unknown) => (e instanceof AppError ? e.code : String(e));

describe('wecom callback codec (receiver)', () => {
  it('answers the official URL verification (V1) with the exact plaintext echostr', () => {
    const codec = wecomCodec(cfg, at(1409659589), 0);
    const out = codec.decode({
      method: 'GET',
      headers: {},
      body: '',
      query: { msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780', echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==' },
    });
    assert.deepEqual(out, { events: [], reply: { status: 200, contentType: 'text/plain', body: '1616140317555161061' } });
  });

  it('decodes the official POST (V2) into one inbox event and an empty 200', () => {
    const out = wecomCodec(cfg, at(1409659813 + 60), 86_400).decode({ method: 'POST', headers: {}, body: V2_BODY, query: V2_QUERY });
    assert.equal(out.events.length, 1);
    assert.equal(out.events[0]?.eventKey, 'msg:4561255354251345929');
    assert.equal(out.events[0]?.eventType, 'text');
    assert.equal(out.events[0]?.payload['Content'], 'hello');
    assert.deepEqual(out.reply, { status: 200, contentType: 'text/plain', body: '' });
  });

  it('refuses a bad signature (401), a stale timestamp (401), another corp (403) and malformed bodies (400)', () => {
    const codec = wecomCodec(cfg, at(1409659813 + 60), 86_400);
    const post = (query: Record<string, string>, body = V2_BODY) => () => codec.decode({ method: 'POST', headers: {}, body, query });
    assert.throws(post({ ...V2_QUERY, msg_signature: '0'.repeat(40) }), (e) => code(e) === 'bad_signature');
    assert.throws(() => wecomCodec(cfg, at(1409659813 + 86_401), 86_400).decode({ method: 'POST', headers: {}, body: V2_BODY, query: V2_QUERY }), (e) => code(e) === 'bad_signature');
    assert.doesNotThrow(() => wecomCodec(cfg, at(1409659813 + 10 * 86_400), 0).decode({ method: 'POST', headers: {}, body: V2_BODY, query: V2_QUERY }), 'max age 0 turns the check off');
    assert.throws(() => wecomCodec({ ...cfg, corpId: 'wwother' }, at(1409659813), 0).decode({ method: 'POST', headers: {}, body: V2_BODY, query: V2_QUERY }), (e) => code(e) === 'forbidden');
    assert.throws(post(V2_QUERY, '<xml><ToUserName>x</ToUserName></xml>'), (e) => code(e) === 'bad_request');
    assert.throws(post(V2_QUERY, 'not xml at all <'), (e) => code(e) === 'bad_request');
  });

  it('refuses a DTD or entity in the envelope, and in a correctly signed inner message', () => {
    const codec = wecomCodec(cfg, at(1409659813), 0);
    assert.throws(() => codec.decode({ method: 'POST', headers: {}, body: `<!DOCTYPE xml [<!ENTITY x "y">]>${V2_BODY}`, query: V2_QUERY }), (e) => code(e) === 'bad_request');
    const inner = encodeEvent({ ToUserName: cfg.corpId, MsgType: 'event', Event: 'x' }, cfg, '1409659813', 'n');
    assert.doesNotThrow(() => codec.decode({ method: 'POST', headers: {}, body: inner.body, query: inner.query }));
    const plainWithDtd = encodeEventRaw('<!DOCTYPE xml [<!ENTITY lol "lol">]><xml><MsgType>event</MsgType><Event>&lol;</Event></xml>');
    assert.throws(() => codec.decode({ method: 'POST', headers: {}, body: plainWithDtd.body, query: plainWithDtd.query }), (e) => code(e) === 'bad_request');
  });
});

/** A correctly encrypted and signed callback around arbitrary plaintext. */
function encodeEventRaw(plain: string): { body: string; query: Record<string, string> } {
  const encrypt = encryptMessage(cfg.encodingAesKey, plain, cfg.corpId);
  return { body: `<xml><ToUserName><![CDATA[${cfg.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, query: { msg_signature: signature(cfg.token, '1409659813', 'n', encrypt), timestamp: '1409659813', nonce: 'n' } };
}
