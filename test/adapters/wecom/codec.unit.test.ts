import assert from 'node:assert/strict';
import { decodeEvent, encodeEvent, eventKeyOf, verifyUrl, type CallbackConfig } from '../../../adapters/wecom/codec.js';
import { decryptMessage, encryptMessage, isValidEncodingAesKey, signature } from '../../../adapters/wecom/crypto.js';

// docs/wecom.md §12 — official WXBizMsgCrypt sample config.
const cfg: CallbackConfig = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' };
const V1 = {
  msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: decodeURIComponent('P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D'),
};
const V2_ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const V2 = { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' };
const V2_BODY = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${V2_ENCRYPT}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
const V2_PLAIN =
  '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>';

describe('wecom crypto — §12 vectors', () => {
  it('V1: signature, echostr plaintext, random prefix and pad', () => {
    assert.equal(signature(cfg.token, V1.timestamp, V1.nonce, V1.echostr), V1.msg_signature);
    assert.equal(Buffer.from(`${cfg.encodingAesKey}=`, 'base64').toString('hex'), '8d69989bbaabe67328014c194631ad0719b3dca035b64023df292447aab60760');
    assert.deepEqual(verifyUrl(V1, cfg), { ok: true, value: '1616140317555161061' });
    const again = encryptMessage(cfg.encodingAesKey, '1616140317555161061', cfg.corpId, Buffer.from('c41b64491c2468d0'));
    assert.equal(again, V1.echostr, 're-encryption with the recovered random is byte-exact');
  });

  it('V2: POST body with pad 30 (breaks 16-byte auto-padding) decrypts to the exact plaintext', () => {
    assert.equal(signature(cfg.token, V2.timestamp, V2.nonce, V2_ENCRYPT), V2.msg_signature);
    const plain = decryptMessage(cfg.encodingAesKey, V2_ENCRYPT);
    assert.deepEqual(plain, { ok: true, message: V2_PLAIN, receiveId: 'wx5823bf96d3bd56c7' });
    assert.equal(Buffer.byteLength(V2_PLAIN), 284);
    assert.equal(encryptMessage(cfg.encodingAesKey, V2_PLAIN, cfg.corpId, Buffer.from('0960688932c47ef1')), V2_ENCRYPT);
    const ev = decodeEvent(V2, V2_BODY, cfg);
    assert.ok(ev.ok);
    assert.equal(ev.value.eventType, 'text');
    assert.equal(ev.value.eventKey, 'msg:4561255354251345929', 'MsgId beyond 2^53 stays exact');
    assert.equal(ev.value.receivedFields['Content'], 'hello');
  });

  it('validates EncodingAESKey: 43 chars of [A-Za-z0-9] only', () => {
    assert.ok(isValidEncodingAesKey(cfg.encodingAesKey));
    for (const bad of [cfg.encodingAesKey.slice(1), `${cfg.encodingAesKey}A`, `${cfg.encodingAesKey.slice(1)}=`, `${cfg.encodingAesKey.slice(1)}$`, `${cfg.encodingAesKey.slice(1)}+`]) {
      assert.equal(isValidEncodingAesKey(bad), false, bad);
      const r = verifyUrl(V1, { ...cfg, encodingAesKey: bad });
      assert.ok(!r.ok && r.error === 'bad_config');
    }
  });
});

describe('wecom callback codec — tampering and formats', () => {
  it('rejects a wrong signature, token, timestamp or nonce', () => {
    for (const q of [{ ...V1, msg_signature: '0'.repeat(40) }, { ...V1, timestamp: '1409659590' }, { ...V1, nonce: '1' }]) {
      const r = verifyUrl(q, cfg);
      assert.ok(!r.ok && r.error === 'bad_signature' && r.code === -40001);
    }
    const r = decodeEvent(V2, V2_BODY, { ...cfg, token: 'other' });
    assert.ok(!r.ok && r.error === 'bad_signature');
    const missing = decodeEvent({ timestamp: V2.timestamp, nonce: V2.nonce }, V2_BODY, cfg);
    assert.ok(!missing.ok && missing.error === 'bad_signature');
  });

  it('rejects a receiveid that is not our corp', () => {
    const r = decodeEvent(V2, V2_BODY, { ...cfg, corpId: 'wwsomeoneelse' });
    assert.ok(!r.ok && r.error === 'bad_receiveid' && r.code === -40005);
  });

  it('rejects a modified ciphertext even when re-signed', () => {
    const bytes = Buffer.from(V2_ENCRYPT, 'base64');
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0x01; // corrupts the last block (padding / receiveid)
    const tampered = bytes.toString('base64');
    const q = { ...V2, msg_signature: signature(cfg.token, V2.timestamp, V2.nonce, tampered) };
    const r = decodeEvent(q, V2_BODY.replace(V2_ENCRYPT, tampered), cfg);
    assert.ok(!r.ok && (r.error === 'decrypt_failed' || r.error === 'bad_receiveid'), JSON.stringify(r));
    const short = V2_ENCRYPT.slice(0, 64);
    const r2 = decodeEvent({ ...V2, msg_signature: signature(cfg.token, V2.timestamp, V2.nonce, short) }, `<xml><Encrypt>${short}</Encrypt></xml>`, cfg);
    assert.ok(!r2.ok && r2.error === 'decrypt_failed');
  });

  it('rejects malformed envelopes and queries', () => {
    for (const body of ['', 'not xml', '<xml><ToUserName>x</ToUserName></xml>', '{"Encrypt": 1', '{"ToUserName":"x"}']) {
      const r = decodeEvent(V2, body, cfg);
      assert.ok(!r.ok && r.error === 'malformed', body);
    }
    const r = verifyUrl({ ...V1, echostr: undefined }, cfg);
    assert.ok(!r.ok && r.error === 'malformed');
  });

  it('restores a "+" that arrived as a space in echostr', () => {
    assert.deepEqual(verifyUrl({ ...V1, echostr: V1.echostr.replaceAll('+', ' ') }, cfg), { ok: true, value: '1616140317555161061' });
  });

  it('round-trips an approval event as XML with a strong dedupe key', () => {
    const fields = {
      ToUserName: cfg.corpId,
      FromUserName: 'sys',
      CreateTime: 1571732272,
      MsgType: 'event',
      Event: 'sys_approval_change',
      AgentID: 3010040,
      ApprovalInfo: { SpNoStr: '201910220003', SpNo: 201910220003, SpStatus: 2, Applyer: { UserId: 'WuJunJie', Party: '1' }, SpRecord: [{ SpStatus: 2 }, { SpStatus: 1 }], StatuChangeEvent: 2 },
    };
    const enc = encodeEvent(fields, cfg, 1571732272, 'abc');
    assert.match(enc.body, /^<xml><ToUserName><!\[CDATA\[wx5823bf96d3bd56c7\]\]><\/ToUserName>/);
    const r = decodeEvent(enc.query, enc.body, cfg);
    assert.ok(r.ok);
    assert.equal(r.value.eventType, 'sys_approval_change');
    assert.equal(r.value.eventKey, 'sys_approval_change:201910220003:2:2:1571732272');
    assert.deepEqual(r.value.receivedFields['ApprovalInfo'], {
      SpNoStr: '201910220003',
      SpNo: '201910220003',
      SpStatus: '2',
      Applyer: { UserId: 'WuJunJie', Party: '1' },
      SpRecord: [{ SpStatus: '2' }, { SpStatus: '1' }],
      StatuChangeEvent: '2',
    });
  });

  it('round-trips the JSON envelope and keeps big integers exact', () => {
    const enc = encodeEvent({ ToUserName: cfg.corpId, FromUserName: 'sys', CreateTime: 1403610513, MsgType: 'event', Event: 'change_contact', ChangeType: 'update_party', Id: 2 }, cfg, 1403610513, 'n', { format: 'json' });
    const r = decodeEvent(enc.query, enc.body, cfg);
    assert.ok(r.ok);
    assert.equal(r.value.eventKey, 'change_contact:update_party:2:1403610513');
    const big = encodeEvent({ MsgType: 'text', MsgId: '4561255354251345929', CreateTime: 1 }, cfg, 1, 'n', { format: 'json' });
    const bigParsed = decodeEvent(big.query, big.body.replace('"4561255354251345929"', '4561255354251345929'), cfg);
    assert.ok(bigParsed.ok && bigParsed.value.eventKey === 'msg:4561255354251345929');
  });

  it('event keys: contact changes by subject, other events by sender and time', () => {
    assert.equal(eventKeyOf({ Event: 'change_contact', ChangeType: 'delete_user', UserID: 'zhangsan', CreateTime: '1403610513' }), 'change_contact:delete_user:zhangsan:1403610513');
    assert.equal(eventKeyOf({ Event: 'enter_agent', FromUserName: 'lisi', CreateTime: '5' }), 'enter_agent:lisi:5');
    assert.notEqual(
      eventKeyOf({ Event: 'sys_approval_change', CreateTime: '1', ApprovalInfo: { SpNo: '1', StatuChangeEvent: '1' } }),
      eventKeyOf({ Event: 'sys_approval_change', CreateTime: '1', ApprovalInfo: { SpNo: '2', StatuChangeEvent: '1' } }),
    );
  });
});
