import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { VendorError } from '../../src/http/vendorError.js';
import { createLogger } from '../../src/log.js';
import { claim, enqueue, flushOutbox, replayParked } from '../../src/writeback/outbox.js';
import { describeEachDb } from '../support/db.js';
import { FakeConnector } from '../support/fakeConnector.js';

describeEachDb('write-back outbox', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  const logger = createLogger('silent');
  const connector = new FakeConnector('acme', []);
  const opts = { clock, logger, worker: 'w1', connector: (id: string) => (id === 'acme' ? connector : undefined), random: () => 0.5 };
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ idempotencyKey: `roster:acme:u${i}:2026-03-11`, tenantId: 'acme', kind: 'roster', payload: { user: `u${i}` } }));

  it('enqueues each write once per idempotency key', async () => {
    await enqueue(t.db, items(5), clock.now());
    await enqueue(t.db, items(5), clock.now());
    assert.equal(Number((await t.db('writeback_outbox').count({ n: '*' }))[0]!.n), 5);
  });

  it('gives concurrent workers disjoint claims', async () => {
    const [a, b] = await Promise.all([claim(t.db, 'wa', clock.now(), 3), claim(t.db, 'wb', clock.now(), 3)]);
    const ids = [...a, ...b].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'no item claimed twice');
    assert.ok(a.length + b.length > 0 && a.length <= 3 && b.length <= 3);
    // Whatever the two did not take (row locks may hide a row from a concurrent claim) is left for the next one.
    const rest = await claim(t.db, 'wc', clock.now(), 10);
    assert.deepEqual([...ids, ...rest.map((r) => r.id)].sort(), (await t.db('writeback_outbox').pluck('id')).sort());
  });

  it('returns a dead worker\'s claims once they expire', async () => {
    assert.deepEqual(await claim(t.db, 'wd', clock.now(), 10), [], 'all claimed now');
    clock.advance(121_000);
    assert.equal((await claim(t.db, 'wd', clock.now(), 10)).length, 5);
    clock.advance(121_000);
  });

  it('performs due writes, backs off transient errors and parks permanent ones with the vendor code', async () => {
    connector.failWriteBack = (item) =>
      item.payload.user === 'u1' ? new VendorError('wecom', 'setcheckinschedulist', -1, 'system busy', 'retry')
        : item.payload.user === 'u2' ? new VendorError('wecom', 'setcheckinschedulist', 301073, 'date must be in the future', 'fail') : null;
    const r = await flushOutbox(t.db, opts);
    assert.deepEqual(r, { done: 3, retrying: 1, parked: 1 });
    const parked = await t.db('writeback_outbox').where('state', 'parked').first();
    assert.equal(parked.vendor_code, '301073');
    assert.match(parked.last_error, /date must be in the future/);
    assert.deepEqual(await flushOutbox(t.db, opts), { done: 0, retrying: 0, parked: 0 }, 'the retry waits for its backoff');
    connector.failWriteBack = null;
    clock.advance(3_600_000);
    assert.deepEqual(await flushOutbox(t.db, opts), { done: 1, retrying: 0, parked: 0 });
    assert.equal(await replayParked(t.db, clock.now()), 1);
    assert.deepEqual(await flushOutbox(t.db, opts), { done: 1, retrying: 0, parked: 0 });
    assert.equal(connector.written.length, 5);
    assert.equal(new Set(connector.written.map((w) => w.idempotencyKey)).size, 5, 'each write performed once');
  });
});
