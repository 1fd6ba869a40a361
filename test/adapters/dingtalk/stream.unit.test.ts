import assert from 'node:assert/strict';
import type { DingtalkTenantConfig } from '../../../config/schema.js';
import { createCallbackCodec } from '../../../adapters/dingtalk/connector.js';
import { encodeCallback } from '../../../adapters/dingtalk/codec.js';
import { inboxEventOf, reconnectDelayMs } from '../../../adapters/dingtalk/stream/index.js';
import { storeThenAck } from '../../../src/callbacks/stream.js';
import { systemClock } from '../../../src/clock.js';
import type { Db } from '../../../src/ledger/db.js';
import { createLogger } from '../../../src/log.js';
import type { InboxEvent } from '../../../src/vendor/contract.js';
import { countWhere, freshLedger } from './support.js';

const tenant: DingtalkTenantConfig = {
  id: 'dt',
  vendor: 'dingtalk',
  corpId: 'dingcorp0000000001',
  appKey: 'dingappkey00000001',
  appSecret: 'secret',
  callback: { token: 'tok123', aesKey: 'a'.repeat(43) },
};

/** The same event as the HTTP receiver stores it (encrypted, signed, decoded by the connector's codec). */
function viaHttp(event: Record<string, unknown>): InboxEvent {
  const codec = createCallbackCodec(tenant, { clock: systemClock, callbackMaxAgeSeconds: 0 });
  assert.ok(codec);
  const push = encodeCallback({ token: 'tok123', aesKey: 'a'.repeat(43), ownerKey: tenant.appKey }, event, Date.now());
  const decoded = codec.decode({ method: 'POST', query: push.query, headers: {}, body: JSON.stringify(push.body) });
  const [stored] = decoded.events;
  assert.ok(stored);
  return stored;
}

/** The same event as a Stream EVENT frame: envelope in headers, fields as a JSON string. */
function viaStream(event: Record<string, unknown>, messageId = 'm-1'): InboxEvent {
  const { EventType, EventTime, CorpId, eventId, ...fields } = event;
  const headers = {
    appId: tenant.appKey,
    connectionId: 'c-1',
    contentType: 'application/json',
    messageId,
    time: '1700000000000',
    topic: String(EventType),
    eventType: String(EventType),
    eventBornTime: String(EventTime),
    eventCorpId: String(CorpId),
    eventUnifiedAppId: tenant.appKey,
    ...(typeof eventId === 'string' ? { eventId } : {}),
  };
  return inboxEventOf({ headers, data: JSON.stringify(fields) });
}

describe('dingtalk stream: frames → inbox events', () => {
  const punch = {
    EventType: 'attendance_check_record',
    EventTime: 1_700_000_000_000,
    CorpId: tenant.corpId,
    eventId: 'e7ee3e9beeb54704bdaf34db6edfc79d',
    dataList: [{ userId: 'u1', corpId: tenant.corpId, checkTime: 1_700_000_000_000, locationMethod: 'MAP', locationResult: 'Normal', bizId: 'b1' }],
  };

  it('gives an event the same key and flat payload over Stream as over HTTP', () => {
    const http = viaHttp(punch);
    const stream = viaStream(punch);
    assert.equal(stream.eventKey, http.eventKey);
    assert.equal(stream.eventKey, punch.eventId);
    assert.equal(stream.eventType, http.eventType);
    assert.deepEqual(stream.payload, http.payload);
  });

  it('falls back to the same business key when there is no eventId, accepting DataList', () => {
    const { eventId: _id, dataList, ...legacy } = punch;
    const http = viaHttp({ ...legacy, DataList: dataList });
    const stream = viaStream({ ...legacy, DataList: dataList });
    assert.equal(stream.eventKey, http.eventKey);
    assert.equal(stream.eventKey, `attendance_check_record:u1@${punch.EventTime}`);
    assert.deepEqual(stream.payload['dataList'], dataList);
    const approval = { EventType: 'bpms_instance_change', EventTime: 1, CorpId: tenant.corpId, processInstanceId: 'pi-1', type: 'finish', result: 'agree', staffId: 'u1' };
    assert.equal(viaStream(approval).eventKey, viaHttp(approval).eventKey);
  });

  it('keeps a frame whose data is not JSON, under a key stable across redeliveries', () => {
    const frame = { headers: { appId: 'a', connectionId: 'c', contentType: 'application/json', messageId: 'm', time: '1', topic: 'x', eventType: 'org_dept_create' }, data: 'not json' };
    const a = inboxEventOf(frame);
    const b = inboxEventOf({ ...frame, headers: { ...frame.headers, messageId: 'm2' } });
    assert.equal(a.payload['unparsedData'], 'not json');
    assert.equal(a.eventKey, b.eventKey);
    assert.match(a.eventKey, /^org_dept_create:[0-9a-f]{24}$/);
  });

  it('backs reconnects off exponentially with jitter, capped at 60 s', () => {
    assert.equal(reconnectDelayMs(0, { random: () => 0 }), 1000);
    assert.equal(reconnectDelayMs(3, { random: () => 0.5 }), 8500);
    assert.equal(reconnectDelayMs(10, { random: () => 0.99 }), 60_000);
    assert.equal(reconnectDelayMs(1000, { random: () => 0 }), 60_000);
  });
});

describe('stream receiving: store, then acknowledge', () => {
  let db: Db;
  const logger = createLogger('silent');
  const event: InboxEvent = { eventKey: 'k-1', eventType: 'user_add_org', payload: { userId: ['u1'] } };
  before(async () => {
    db = await freshLedger();
  });
  after(async () => {
    await db.destroy();
  });

  it('stores, then answers SUCCESS; a repeat stores nothing new and is answered SUCCESS too', async () => {
    const seen: string[] = [];
    const ack = { success: () => seen.push('success'), later: () => seen.push('later') };
    assert.deepEqual(await storeThenAck({ db, clock: systemClock, logger }, 'dingtalk', 'dt', [event], ack), { stored: true, fresh: 1 });
    assert.deepEqual(await storeThenAck({ db, clock: systemClock, logger }, 'dingtalk', 'dt', [event], ack), { stored: true, fresh: 0 });
    assert.deepEqual(seen, ['success', 'success']);
    assert.equal(await countWhere(db, 'callback_inbox', { event_key: 'k-1' }), 1);
  });

  it('answers LATER, never SUCCESS, when the insert fails', async () => {
    const seen: string[] = [];
    await db.schema.renameTable('callback_inbox', 'callback_inbox_off');
    try {
      const out = await storeThenAck({ db, clock: systemClock, logger }, 'dingtalk', 'dt', [{ ...event, eventKey: 'k-2' }], {
        success: () => seen.push('success'),
        later: (reason) => seen.push(`later:${reason}`),
      });
      assert.equal(out.stored, false);
    } finally {
      await db.schema.renameTable('callback_inbox_off', 'callback_inbox');
    }
    assert.deepEqual(seen, ['later:store failed']);
    assert.equal(await countWhere(db, 'callback_inbox', { event_key: 'k-2' }), 0);
  });
});
