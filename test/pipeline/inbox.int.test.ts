import assert from 'node:assert/strict';
import request from 'supertest';
import { ManualClock } from '../../src/clock.js';
import { callbackRouter } from '../../src/callbacks/router.js';
import { drainInbox, requeueParked } from '../../src/callbacks/drain.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createApp } from '../../src/web/app.js';
import { describeEachDb } from '../support/db.js';
import { FakeConnector, punch } from '../support/fakeConnector.js';

describeEachDb('callback receiver and inbox drain', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  const logger = createLogger('silent');
  const connector = new FakeConnector('acme', []);
  const lookup = (vendor: string, tenant: string) => (vendor === 'wecom' && tenant === 'acme' ? connector : undefined);
  const app = () => createApp({ db: t.db, logger, metrics: createMetrics(), routers: [{ path: '/callbacks', router: callbackRouter({ db: t.db, clock, logger, bodyLimit: '64kb', connector: lookup }) }] });
  const event = (key: string, iso: string) => ({ eventKey: key, eventType: 'checkin', payload: { changes: [punch('u1', iso)] } });
  const inbox = async () => t.db('callback_inbox').orderBy('id');

  it('stores a verified event before acknowledging it, and a redelivery only once', async () => {
    const body = JSON.stringify({ events: [event('e1', '2026-03-02T09:00:00+08:00')] });
    const r1 = await request(app()).post('/callbacks/wecom/acme?sig=good').type('application/json').send(body).expect(200);
    assert.equal(r1.text, 'success');
    await request(app()).post('/callbacks/wecom/acme?sig=good').type('application/json').send(body).expect(200);
    const rows = await inbox();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].state, 'pending');
  });

  it('refuses forged callbacks and unknown tenants, storing nothing', async () => {
    const body = JSON.stringify({ events: [event('forged', '2026-03-02T09:00:00+08:00')] });
    const forged = await request(app()).post('/callbacks/wecom/acme?sig=bad').type('application/json').send(body).expect(401);
    assert.equal(forged.body.error.code, 'BAD_SIGNATURE');
    await request(app()).post('/callbacks/wecom/nobody?sig=good').type('application/json').send(body).expect(404);
    assert.equal((await inbox()).length, 1);
  });

  it('answers 503 when the database cannot store the event, so the vendor delivers again', async () => {
    await t.db.schema.renameTable('callback_inbox', 'callback_inbox_away');
    try {
      const res = await request(app()).post('/callbacks/wecom/acme?sig=good').type('application/json').send(JSON.stringify({ events: [event('e9', '2026-03-02T09:00:00+08:00')] })).expect(503);
      assert.equal(res.body.error.code, 'DATABASE_UNAVAILABLE');
    } finally {
      await t.db.schema.renameTable('callback_inbox_away', 'callback_inbox');
    }
  });

  it('drains events into the ledger, marking each done in the same transaction', async () => {
    const r = await drainInbox(t.db, { clock, logger, connector: lookup });
    assert.deepEqual(r, { done: 1, failed: 0, parked: 0 });
    assert.equal((await inbox())[0].state, 'done');
    assert.equal(Number((await t.db('punches').count({ n: '*' }))[0]!.n), 1);
    assert.deepEqual(await drainInbox(t.db, { clock, logger, connector: lookup }), { done: 0, failed: 0, parked: 0 });
  });

  it('retries a failing event with backoff, parks it after the limit, and replays it on request', async () => {
    await request(app()).post('/callbacks/wecom/acme?sig=good').type('application/json').send(JSON.stringify({ events: [event('e2', '2026-03-03T09:00:00+08:00')] })).expect(200);
    connector.failResolve = () => new Error('vendor detail fetch failed');
    const first = await drainInbox(t.db, { clock, logger, connector: lookup, maxAttempts: 2, random: () => 0.5 });
    assert.deepEqual(first, { done: 0, failed: 1, parked: 0 });
    let row = (await inbox())[1];
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'vendor detail fetch failed');
    assert.ok(Number(row.next_attempt_at) > clock.now(), 'backs off');
    assert.deepEqual(await drainInbox(t.db, { clock, logger, connector: lookup, maxAttempts: 2 }), { done: 0, failed: 0, parked: 0 }, 'not due yet');
    clock.advance(3_600_000);
    assert.deepEqual(await drainInbox(t.db, { clock, logger, connector: lookup, maxAttempts: 2 }), { done: 0, failed: 0, parked: 1 });
    row = (await inbox())[1];
    assert.equal(row.state, 'parked');
    connector.failResolve = null;
    assert.equal(await requeueParked(t.db, clock.now()), 1);
    assert.deepEqual(await drainInbox(t.db, { clock, logger, connector: lookup }), { done: 1, failed: 0, parked: 0 });
    assert.equal(Number((await t.db('punches').count({ n: '*' }))[0]!.n), 2);
  });
});
