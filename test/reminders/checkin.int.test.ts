import assert from 'node:assert/strict';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../src/clock.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { reminderJobs, runCheckinReminders } from '../../src/reminders/index.js';
import { describeEachDb } from '../support/db.js';
import { at, emp, seed, TENANT } from '../checkin/fixture.js';

const policy = loadConfig({}).policy;
const zone = 'Asia/Shanghai';
const punch = (u: string, iso: string) => ({ kind: 'punch' as const, externalUserId: u, sourceRecordKey: `${u}@${iso}`, at: at(iso), method: 'gps' as const });

// Office group (wang, li, chen): Mon–Fri 09:00–18:00. Field group (zhao, boss): Mondays only.
// Tuesday 10 March 2026 in Shanghai.
describeEachDb('check-in reminders', (t) => {
  const outbox = async () => ((await t.db('writeback_outbox').select('idempotency_key', 'tenant_id', 'kind', 'payload').orderBy('id')) as { idempotency_key: string; tenant_id: string; kind: string; payload: string }[])
    .map((o) => ({ ...o, payload: JSON.parse(o.payload) as { userid: string; text: string } }));
  const run = (iso: string) => runCheckinReminders(t.db, { now: at(iso), timezone: zone, policy });

  before(async () => {
    const f = await seed(t.db);
    // Li punched in early; Chen punched in and out; Wang has not punched; Zhao has a rest day.
    await applyChanges(t.db, TENANT, [punch('li', '2026-03-10T08:45:00+08:00'), punch('chen', '2026-03-10T08:58:00+08:00'), punch('chen', '2026-03-10T18:02:00+08:00')], f.clock);
  });

  it('nothing is due long before the shift', async () => {
    assert.deepEqual(await run('2026-03-10T08:30:00+08:00'), { due: {}, enqueued: 0, unreachable: 0 });
  });

  it('reminds before the shift starts whoever has not punched, once', async () => {
    const r = await run('2026-03-10T08:50:00+08:00');
    assert.deepEqual(r, { due: { checkin_before_start: 1 }, enqueued: 1, unreachable: 0 });
    const items = await outbox();
    assert.deepEqual(items.map((i) => [i.idempotency_key, i.kind, i.tenant_id, i.payload.userid]), [[`reminder:checkin_before_start:${emp('wang')}:2026-03-10`, 'message', 'acme', 'wang']]);
    assert.match(items[0]?.payload.text ?? '', /09:00/);
    // The next run (5 minutes later) finds the same reminder due and queues nothing new.
    assert.deepEqual(await run('2026-03-10T08:55:00+08:00'), { due: { checkin_before_start: 1 }, enqueued: 0, unreachable: 0 });
    assert.equal((await outbox()).length, 1);
    // Once the shift has started the before-start reminder is no longer due.
    assert.deepEqual((await run('2026-03-10T09:05:00+08:00')).due, {});
  });

  it('reminds of a missing out punch after the end and grace, once', async () => {
    assert.deepEqual((await run('2026-03-10T18:20:00+08:00')).due, {}, 'still inside the grace');
    const r = await run('2026-03-10T18:35:00+08:00');
    assert.deepEqual(r, { due: { checkin_missing_out: 1 }, enqueued: 1, unreachable: 0 });
    assert.deepEqual((await run('2026-03-10T18:40:00+08:00')).enqueued, 0);
    const missing = (await outbox()).filter((i) => i.idempotency_key.startsWith('reminder:checkin_missing_out:'));
    assert.deepEqual(missing.map((i) => [i.idempotency_key, i.payload.userid]), [[`reminder:checkin_missing_out:${emp('li')}:2026-03-10`, 'li']]);
    assert.match(missing[0]?.payload.text ?? '', /2026-03-10.*18:00/);
  });

  it('a rest day reminds nobody', async () => {
    // Saturday: nobody has a shift; Zhao's Tuesday was a rest day all along (never in the outbox).
    assert.deepEqual(await run('2026-03-14T08:50:00+08:00'), { due: {}, enqueued: 0, unreachable: 0 });
    assert.deepEqual(await run('2026-03-14T18:35:00+08:00'), { due: {}, enqueued: 0, unreachable: 0 });
    assert.ok((await outbox()).every((i) => i.payload.userid !== 'zhao' && i.payload.userid !== 'boss'));
  });

  it('runs every 5 minutes as a scheduler job', async () => {
    const clock = new ManualClock(at('2026-03-11T08:52:00+08:00'));
    const job = reminderJobs({ db: t.db, clock, timezone: zone, policy, settings: loadConfig({}).reminders }).find((j) => j.name === 'reminders:checkin');
    assert.equal(job?.cron, '*/5 * * * *');
    // Wednesday: all three office employees are due; none punched yet.
    assert.deepEqual(await job?.run({ lost: () => false }), { due: { checkin_before_start: 3 }, enqueued: 3, unreachable: 0 });
  });
});
