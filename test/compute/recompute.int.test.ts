import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { loadConfig } from '../../config/load.js';
import { describeEachDb } from '../support/db.js';

const tenant = { id: 'acme', timezone: 'Asia/Shanghai' };
const at = (iso: string) => Date.parse(iso);
const punch = (u: string, iso: string) => ({ kind: 'punch', externalUserId: u, sourceRecordKey: `${u}@${iso}`, at: at(iso), method: 'gps' });

describeEachDb('recompute', (t) => {
  const clock = new ManualClock(at('2026-03-10T00:00:00Z'));
  const opts = { clock, policy: loadConfig({}).policy, defaultTimezone: 'Asia/Shanghai' };
  const day = (u: string, date: string) => t.db('day_results').where({ employee_id: employeeIdFor('acme', u), work_date: date }).first();

  before(async () => {
    await applyChanges(t.db, tenant, [
      { kind: 'shift', externalId: 'day', name: 'Day 9-18', definition: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }], lateGraceMinutes: 5 } },
      { kind: 'shift', externalId: 'night', name: 'Night 22-06', definition: { segments: [{ start: '22:00', end: '06:00' }] } },
      { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['zhang'] },
      { kind: 'rule_group', externalId: 'plant', name: 'Plant', pattern: { kind: 'roster' }, memberExternalUserIds: ['li'] },
      { kind: 'roster', externalUserId: 'li', workDate: '2026-03-02', shiftExternalId: 'night' },
      { kind: 'roster', externalUserId: 'li', workDate: '2026-03-03', shiftExternalId: 'night' },
      punch('zhang', '2026-03-02T08:58:00+08:00'),
      punch('zhang', '2026-03-02T18:03:00+08:00'),
      punch('zhang', '2026-03-03T09:07:00+08:00'),
      punch('zhang', '2026-03-03T18:00:00+08:00'),
      punch('li', '2026-03-02T21:50:00+08:00'),
      punch('li', '2026-03-03T06:05:00+08:00'),
      punch('li', '2026-03-03T21:55:00+08:00'),
      punch('li', '2026-03-04T06:01:00+08:00'),
    ], clock);
  });

  it('computes every dirty day from the ledger and empties the queue', async () => {
    const r = await recomputeDirty(t.db, opts);
    assert.ok(r.computed > 0 && r.written === r.computed, JSON.stringify(r));
    assert.equal(Number((await t.db('dirty_days').count({ n: '*' }))[0]!.n), 0);
    const mon = await day('zhang', '2026-03-02');
    assert.equal(mon.status, 'normal');
    assert.equal(mon.worked_minutes, 480);
    assert.equal(mon.version, 1);
    assert.equal(JSON.parse(mon.punch_ids).length, 2);
    const tue = await day('zhang', '2026-03-03');
    assert.equal(tue.status, 'exception');
    assert.equal(tue.late_minutes, 7);
    const sun = await day('zhang', '2026-03-01');
    assert.equal(sun.status, 'rest');
  });

  it('gives a night shift its morning punch, never the next day', async () => {
    const mon = await day('li', '2026-03-02');
    assert.equal(mon.status, 'normal', mon.result);
    assert.equal(mon.worked_minutes, 480);
    const tue = await day('li', '2026-03-03');
    assert.equal(tue.status, 'normal', tue.result);
    assert.deepEqual(JSON.parse(tue.result).checkpoints.map((c: { actual: string }) => c.actual), ['2026-03-03T21:55:00+08:00', '2026-03-04T06:01:00+08:00']);
  });

  it('writes no new version when the inputs did not change', async () => {
    await t.db('dirty_days').insert({ employee_id: employeeIdFor('acme', 'zhang'), work_date: '2026-03-02', marked_at: clock.now() });
    const r = await recomputeDirty(t.db, opts);
    assert.deepEqual(r, { computed: 1, written: 0, unchanged: 1, adjusted: 0, earned: 0, spent: 0, refunded: 0 });
    assert.equal((await day('zhang', '2026-03-02')).version, 1);
  });

  it('writes a new version when a correction arrives, and an approved 补卡 fixes the day', async () => {
    await applyChanges(t.db, tenant, [{ kind: 'request', externalUserId: 'zhang', externalId: 'c1', type: 'correction', startAt: at('2026-03-03T09:00:00+08:00'), endAt: at('2026-03-03T09:00:00+08:00'), status: 'approved' }], clock);
    const r = await recomputeDirty(t.db, opts);
    assert.ok(r.written >= 1);
    const tue = await day('zhang', '2026-03-03');
    assert.equal(tue.version, 2);
    assert.equal(tue.status, 'normal');
    assert.ok(JSON.parse(tue.request_ids).length === 1);
  });

  it('never rewrites a locked month: the change becomes an adjustment in the next open month', async () => {
    await t.db('periods').insert({ org_id: 'default', month: '2026-03', state: 'locked', locked_by: 'hr', locked_at: clock.now(), updated_at: clock.now() });
    await applyChanges(t.db, tenant, [{ kind: 'request', externalUserId: 'zhang', externalId: 'c1', type: 'correction', startAt: at('2026-03-03T09:00:00+08:00'), endAt: at('2026-03-03T09:00:00+08:00'), status: 'revoked' }], clock);
    const r = await recomputeDirty(t.db, opts);
    assert.ok(r.adjusted >= 1, JSON.stringify(r));
    const tue = await day('zhang', '2026-03-03');
    assert.equal(tue.version, 2, 'locked result unchanged');
    assert.equal(tue.status, 'normal');
    const adj = await t.db('adjustments').where({ employee_id: employeeIdFor('acme', 'zhang'), work_date: '2026-03-03' }).first();
    assert.equal(adj.target_month, '2026-04');
    assert.equal(JSON.parse(adj.after).status, 'exception');
  });
});

describeEachDb('missing-day sweep', (t) => {
  const clock = new ManualClock(at('2026-03-10T00:00:00Z'));
  const opts = { clock, policy: loadConfig({}).policy, defaultTimezone: 'Asia/Shanghai' };

  it('queues the days nobody touched, so a workday without punches becomes an absence', async () => {
    await applyChanges(t.db, tenant, [
      { kind: 'shift', externalId: 'day', name: 'Day', definition: { segments: [{ start: '09:00', end: '18:00' }] } },
      { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['quiet'] },
      { kind: 'employee', externalUserId: 'quiet', name: 'Quiet', departmentExternalId: null, hiredOn: '2026-03-03' },
    ], clock);
    const { markMissingDays } = await import('../../src/compute/sweep.js');
    assert.equal(await markMissingDays(t.db, { from: '2026-03-01', to: '2026-03-06' }, clock.now()), 4, 'hired on the 3rd: 3rd to 6th');
    await recomputeDirty(t.db, opts);
    const days = await t.db('day_results').where('employee_id', employeeIdFor('acme', 'quiet')).orderBy('work_date');
    assert.deepEqual(days.map((d: { work_date: string; status: string }) => [d.work_date, d.status]), [['2026-03-03', 'absent'], ['2026-03-04', 'absent'], ['2026-03-05', 'absent'], ['2026-03-06', 'absent']]);
    assert.equal(await markMissingDays(t.db, { from: '2026-03-01', to: '2026-03-06' }, clock.now()), 0, 'nothing left to queue');
  });
});
