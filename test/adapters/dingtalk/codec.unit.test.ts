import assert from 'node:assert/strict';
import { decrypt, getSignature } from '@wecom/crypto';
import { buildAck, decodeCallback, DingtalkCallbackError, encodeCallback, isValidAck, type DingtalkCallbackConfig } from '../../../adapters/dingtalk/codec.js';

// docs/dingtalk.md §9, vector A and A-enc (copied exactly).
const A = {
  token: '123456',
  aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  owner: 'suite4xxxxxxxxxxxxxxx',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  plaintext: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
};
const AEnc = {
  encrypt:
    '5DJFWzjRNOQk+5GSZxW+VrFMDWCIidPjEjg3//gm5x556BedVi62rDj1F9uXU97a4jw1R4FACUv9RCpoDobNqxhxRB2YtW901k4KHbP1/wpFJ3xdLG0n0A8U1VhENg80zKJd+YROR0YMGum4WYuoXJ6J98vt0ihYeIFoapNddLML5MyNAGM9saSpkouDMSvD+iU14i7V8ix1ia1Tb9ogog==',
  msgSignature: 'bcf6dcefa4ce2dbaf7b0666c7264d46fd9aad4bd',
};
const cfg: DingtalkCallbackConfig = { token: A.token, aesKey: A.aesKey, ownerKey: A.owner };
const query = { signature: A.signature, timestamp: A.timestamp, nonce: A.nonce };

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DingtalkCallbackError, String(err));
    return err.reason;
  }
  assert.fail('expected a DingtalkCallbackError');
}

describe('dingtalk codec — §9 vectors', () => {
  it('vector A: signature, plaintext, random prefix and owner key', () => {
    assert.equal(getSignature(A.token, A.timestamp, A.nonce, A.encrypt), A.signature);
    const out = decrypt(A.aesKey, A.encrypt);
    assert.equal(out.message, A.plaintext);
    assert.equal(out.id, A.owner);
    assert.equal(out.random.toString(), 'hU3bEfGZZewzhG5a');
  });

  it('vector A decodes to its event', () => {
    const ev = decodeCallback(cfg, query, { encrypt: A.encrypt });
    assert.equal(ev.eventType, 'check_create_suite_url');
    assert.deepEqual(ev.fields, JSON.parse(A.plaintext));
    assert.match(ev.eventKey, /^check_create_suite_url:[0-9a-f]{24}$/);
  });

  it('vector A-enc: forced random prefix reproduces ciphertext and msg_signature', () => {
    const push = encodeCallback(cfg, JSON.parse(A.plaintext) as Record<string, unknown>, Number(A.timestamp), {
      nonce: A.nonce,
      random: Buffer.from('1234567890123456'),
    });
    assert.equal(push.body.encrypt, AEnc.encrypt);
    assert.equal(push.query.signature, AEnc.msgSignature);
    assert.equal(push.query.timestamp, A.timestamp);
  });

  it('negative vector: nonce xxxxx fails signature verification', () => {
    assert.equal(reasonOf(() => decodeCallback(cfg, { ...query, nonce: 'xxxxx' }, { encrypt: A.encrypt })), 'bad_signature');
  });
});

describe('dingtalk codec — tampering and shapes', () => {
  it('accepts the msg_signature / timeStamp spellings', () => {
    const ev = decodeCallback(cfg, { msg_signature: A.signature, timeStamp: A.timestamp, nonce: A.nonce }, { encrypt: A.encrypt });
    assert.equal(ev.eventType, 'check_create_suite_url');
  });

  it('rejects a changed token, timestamp or signature', () => {
    assert.equal(reasonOf(() => decodeCallback({ ...cfg, token: '654321' }, query, { encrypt: A.encrypt })), 'bad_signature');
    assert.equal(reasonOf(() => decodeCallback(cfg, { ...query, timestamp: '1445827045068' }, { encrypt: A.encrypt })), 'bad_signature');
    assert.equal(reasonOf(() => decodeCallback(cfg, { ...query, signature: '0'.repeat(40) }, { encrypt: A.encrypt })), 'bad_signature');
  });

  it('rejects a modified ciphertext even when it is re-signed', () => {
    const bytes = Buffer.from(A.encrypt, 'base64');
    bytes[20] = (bytes[20] ?? 0) ^ 0xff;
    const tampered = bytes.toString('base64');
    assert.equal(reasonOf(() => decodeCallback(cfg, query, { encrypt: tampered })), 'bad_signature');
    const resigned = { ...query, signature: getSignature(A.token, A.timestamp, A.nonce, tampered) };
    assert.equal(reasonOf(() => decodeCallback(cfg, resigned, { encrypt: tampered })), 'malformed');
  });

  it('rejects a ciphertext whose length is not a block multiple', () => {
    const short = A.encrypt.slice(0, 40);
    const q = { ...query, signature: getSignature(A.token, A.timestamp, A.nonce, short) };
    assert.equal(reasonOf(() => decodeCallback(cfg, q, { encrypt: short })), 'malformed');
  });

  it('rejects an event addressed to another owner key (900010)', () => {
    let caught: unknown;
    try {
      decodeCallback({ ...cfg, ownerKey: 'dingotherapp' }, query, { encrypt: A.encrypt });
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof DingtalkCallbackError);
    assert.equal(caught.reason, 'wrong_receiver');
    assert.equal(caught.dingtalkCode, 900010);
    assert.equal(caught.status, 401);
  });

  it('rejects missing parameters and bodies as malformed (HTTP 400)', () => {
    assert.equal(reasonOf(() => decodeCallback(cfg, { timestamp: A.timestamp, nonce: A.nonce }, { encrypt: A.encrypt })), 'malformed');
    assert.equal(reasonOf(() => decodeCallback(cfg, query, {})), 'malformed');
    assert.equal(reasonOf(() => decodeCallback(cfg, query, 'not-json')), 'malformed');
    assert.throws(
      () => decodeCallback(cfg, query, null),
      (err: unknown) => err instanceof DingtalkCallbackError && err.status === 400,
    );
  });

  it('rejects plaintext that is JSON but not an event object', () => {
    for (const body of [[1, 2], { noEventType: true }]) {
      const push = encodeCallback(cfg, body as unknown as Record<string, unknown>, 1);
      assert.equal(reasonOf(() => decodeCallback(cfg, push.query, push.body)), 'malformed');
    }
  });

  it('round-trips an event; eventId is the dedupe key; legacy DataList is exposed as dataList', () => {
    const push = encodeCallback(cfg, { EventType: 'attendance_check_record', eventId: 'ev-1', DataList: [{ userId: 'u1' }] }, 1700000000000);
    const ev = decodeCallback(cfg, push.query, push.body);
    assert.equal(ev.eventKey, 'ev-1');
    assert.deepEqual(ev.fields['dataList'], [{ userId: 'u1' }]);
  });

  it('without eventId, redeliveries of one event share a key and different events do not', () => {
    const e1 = { EventType: 'user_add_org', userId: ['u1'], timeStamp: '1' };
    const p1 = encodeCallback(cfg, e1, 1);
    const k1 = decodeCallback(cfg, p1.query, p1.body).eventKey;
    const p2 = encodeCallback(cfg, e1, 2);
    assert.equal(decodeCallback(cfg, p2.query, p2.body).eventKey, k1);
    const p3 = encodeCallback(cfg, { ...e1, userId: ['u2'] }, 2);
    assert.notEqual(decodeCallback(cfg, p3.query, p3.body).eventKey, k1);
  });

  it('check_url event and its encrypted success acknowledgement', () => {
    const push = encodeCallback(cfg, { EventType: 'check_url' }, 1700000000000);
    assert.equal(decodeCallback(cfg, push.query, push.body).eventType, 'check_url');
    const ack = buildAck(cfg, 1700000000123, { nonce: 'abc123' });
    assert.deepEqual(Object.keys(ack).sort(), ['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
    assert.equal(ack.timeStamp, '1700000000123');
    assert.equal(ack.msg_signature, getSignature(A.token, ack.timeStamp, ack.nonce, ack.encrypt));
    assert.deepEqual({ ...decrypt(A.aesKey, ack.encrypt), random: undefined }, { message: 'success', id: A.owner, random: undefined });
    assert.equal(isValidAck(cfg, ack), true);
  });

  it('isValidAck rejects plain text, wrong signature, wrong owner and non-success bodies', () => {
    const ack = buildAck(cfg, 1);
    assert.equal(isValidAck(cfg, 'success'), false);
    assert.equal(isValidAck(cfg, { ...ack, msg_signature: 'x' }), false);
    assert.equal(isValidAck({ ...cfg, ownerKey: 'other' }, ack), false);
    const notSuccess = encodeCallback(cfg, { EventType: 'x' }, 1);
    const fake = { msg_signature: notSuccess.query.signature, timeStamp: '1', nonce: notSuccess.query.nonce, encrypt: notSuccess.body.encrypt };
    assert.equal(isValidAck(cfg, fake), false);
  });
});
