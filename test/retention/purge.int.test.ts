import assert from 'node:assert/strict';
import { storeEvents } from '../../src/callbacks/inbox.js';
import { purgeRawPayloads, PURGED_PAYLOAD } from '../../src/retention/index.js';
import { describeEachDb } from '../support/db.js';

const DAY = 86_400_000;
const now = Date.parse('2026-06-01T00:00:00Z');
const event = (key: string, payload: Record<string, unknown> = { body: `raw ${key}`.repeat(3) }) => ({ eventKey: key, eventType: 'check_in', payload });

describeEachDb('raw payload purge', (t) => {
  const payloadOf = async (vendor: string, key: string) => ((await t.db('callback_inbox').where({ vendor, event_key: key }).first('payload', 'state')) as { payload: string; state: string }) ?? null;

  before(async () => {
    await storeEvents(t.db, 'wecom', 'acme', [event('old-done'), event('new-done'), event('old-parked'), event('old-pending')], now - 60 * DAY);
    await storeEvents(t.db, 'zkteco', 'devices', [event('SN1:7:2026-03-01 09:00:00'), event('SN1:99:2026-03-01 09:01:00')], now - 60 * DAY);
    const done = (vendor: string, keys: string[], at: number) => t.db('callback_inbox').where('vendor', vendor).whereIn('event_key', keys).update({ state: 'done', done_at: at });
    await done('wecom', ['old-done'], now - 31 * DAY);
    await done('wecom', ['new-done'], now - 29 * DAY);
    await t.db('callback_inbox').where('event_key', 'old-parked').update({ state: 'parked' });
    // Both device records were marked done; only PIN 7 became a punch (PIN 99 is unmapped).
    await done('zkteco', ['SN1:7:2026-03-01 09:00:00', 'SN1:99:2026-03-01 09:01:00'], now - 40 * DAY);
    await t.db('punches').insert({ tenant_id: 'devices', source_record_key: 'SN1:7:2026-03-01 09:00:00', employee_id: 'e1', at: now - 90 * DAY, source: 'device', method: 'device', received_at: now - 40 * DAY });
  });

  it('a dry run counts and changes nothing', async () => {
    const snapshot = await t.db('callback_inbox').select('*').orderBy('id');
    assert.deepEqual(await purgeRawPayloads(t.db, { now, retentionDays: 30, dryRun: true }), { dryRun: true, vendor: 1, device: 1, keptUnapplied: 1 });
    assert.deepEqual(await t.db('callback_inbox').select('*').orderBy('id'), snapshot);
  });

  it('empties applied payloads older than the retention, keeps everything else', async () => {
    assert.deepEqual(await purgeRawPayloads(t.db, { now, retentionDays: 30, batchSize: 1 }), { dryRun: false, vendor: 1, device: 1, keptUnapplied: 1 });
    assert.equal((await payloadOf('wecom', 'old-done')).payload, PURGED_PAYLOAD);
    assert.equal((await payloadOf('zkteco', 'SN1:7:2026-03-01 09:00:00')).payload, PURGED_PAYLOAD);
    for (const [vendor, key] of [['wecom', 'new-done'], ['wecom', 'old-parked'], ['wecom', 'old-pending'], ['zkteco', 'SN1:99:2026-03-01 09:01:00']] as const) {
      assert.notEqual((await payloadOf(vendor, key)).payload, PURGED_PAYLOAD, `${vendor} ${key} keeps its payload`);
    }
    assert.deepEqual(await purgeRawPayloads(t.db, { now, retentionDays: 30 }), { dryRun: false, vendor: 0, device: 0, keptUnapplied: 1 }, 'a second run finds nothing new');
  });

  it('a callback redelivered after the purge is still a duplicate', async () => {
    const rows = Number((await t.db('callback_inbox').count({ n: '*' }))[0]?.n);
    assert.equal(await storeEvents(t.db, 'wecom', 'acme', [event('old-done')], now), 0, 'not new');
    assert.equal(await storeEvents(t.db, 'zkteco', 'devices', [event('SN1:7:2026-03-01 09:00:00')], now), 0, 'a device resend is not new either');
    assert.equal(Number((await t.db('callback_inbox').count({ n: '*' }))[0]?.n), rows);
    assert.deepEqual(await payloadOf('wecom', 'old-done'), { payload: PURGED_PAYLOAD, state: 'done' }, 'still done: the drain never picks it again');
  });
});
