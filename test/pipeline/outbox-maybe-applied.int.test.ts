import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { VendorError } from '../../src/http/vendorError.js';
import { createLogger } from '../../src/log.js';
import { claim, enqueue, flushOutbox, IN_FLIGHT } from '../../src/writeback/outbox.js';
import { describeEachDb } from '../support/db.js';
import { FakeConnector } from '../support/fakeConnector.js';

describeEachDb('write-back outbox: an attempt that died mid-call', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  const connector = new FakeConnector('acme', []);
  const opts = { clock, logger: createLogger('silent'), worker: 'w2', connector: (id: string) => (id === 'acme' ? connector : undefined), random: () => 0.5 };
  const item = (key: string) => ({ idempotencyKey: key, tenantId: 'acme', kind: 'punch', payload: { user: key } });

  it('marks claimed rows in flight; a row re-claimed with the mark still there may have been applied', async () => {
    await enqueue(t.db, [item('died')], clock.now());
    const [first] = await claim(t.db, 'dead-worker', clock.now(), 10);
    assert.ok(first);
    assert.equal(first.maybeApplied, false, 'a first claim');
    assert.equal((await t.db('writeback_outbox').where('id', first.id).first()).last_error, IN_FLIGHT);
    // The worker is SIGKILLed: no done mark, no error; its claim expires.
    clock.advance(121_000);
    const r = await flushOutbox(t.db, opts);
    assert.deepEqual(r, { done: 1, retrying: 0, parked: 0 });
    assert.deepEqual(connector.written.map((w) => [w.idempotencyKey, w.maybeApplied]), [['died', true]]);
    const row = await t.db('writeback_outbox').where('id', first.id).first();
    assert.equal(row.state, 'done');
    assert.equal(row.last_error, null);
  });

  it('a failed attempt is not in doubt: the retry is a normal write', async () => {
    connector.written = [];
    await enqueue(t.db, [item('failed')], clock.now());
    connector.failWriteBack = () => new VendorError('wecom', 'add_checkin_record', -1, 'system busy', 'retry');
    assert.deepEqual(await flushOutbox(t.db, opts), { done: 0, retrying: 1, parked: 0 });
    assert.match((await t.db('writeback_outbox').where('idempotency_key', 'failed').first()).last_error, /system busy/);
    connector.failWriteBack = null;
    clock.advance(3_600_000);
    assert.deepEqual(await flushOutbox(t.db, opts), { done: 1, retrying: 0, parked: 0 });
    assert.equal(connector.written.length, 1);
    assert.equal(connector.written[0]?.maybeApplied, undefined, 'no flag on a normal write');
  });
});
