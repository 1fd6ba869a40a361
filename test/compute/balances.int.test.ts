import assert from 'node:assert/strict';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../src/clock.js';
import { loadEntries } from '../../src/compute/balances.js';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { balanceOf } from '../../src/rules/balances/index.js';
import { describeEachDb } from '../support/db.js';

const tenant = { id: 'acme', timezone: 'Asia/Shanghai' };
const at = (iso: string) => Date.parse(iso);
const punch = (iso: string) => ({ kind: 'punch', externalUserId: 'wang', sourceRecordKey: `wang@${iso}`, at: at(iso), method: 'gps' });
const timeOff = (status: string) => ({
  kind: 'request', externalUserId: 'wang', externalId: 't1', type: 'leave', subtype: 'time_off', status, durationMinutes: 120,
  startAt: at('2026-03-10T09:00:00+08:00'), endAt: at('2026-03-10T11:00:00+08:00'),
});

describeEachDb('调休 balances from recompute', (t) => {
  const clock = new ManualClock(at('2026-03-20T00:00:00Z'));
  const policy = loadConfig({ POLICY_FILE: 'config/policy.example.json' }).policy;
  const opts = { clock, policy, defaultTimezone: 'Asia/Shanghai' };
  const wang = employeeIdFor('acme', 'wang');
  const available = async () => balanceOf((await loadEntries(t.db, [wang], 'time_off')).get(wang) ?? [], 'time_off', '2026-03-20').availableMinutes;

  before(async () => {
    await applyChanges(t.db, tenant, [
      { kind: 'shift', externalId: 'day', name: 'Day', definition: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }] } },
      { kind: 'rule_group', externalId: 'g', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, policy: { overtime: { mode: 'punch' } }, memberExternalUserIds: ['wang'] },
      punch('2026-03-07T10:00:00+08:00'),
      punch('2026-03-07T15:10:00+08:00'),
    ], clock);
  });

  it('rest-day overtime earns 调休 once, however often the day is recomputed', async () => {
    const r = await recomputeDirty(t.db, opts);
    assert.equal(r.earned, 1);
    assert.equal(await available(), 300, '310 min of presence → 300 in 30-minute units');
    await t.db('dirty_days').insert({ employee_id: wang, work_date: '2026-03-07', marked_at: clock.now() });
    assert.equal((await recomputeDirty(t.db, opts)).earned, 0);
    assert.equal(await available(), 300);
  });

  it('an approved 调休 request spends the balance and a revoked one gives it back', async () => {
    await applyChanges(t.db, tenant, [timeOff('approved')], clock);
    assert.equal((await recomputeDirty(t.db, opts)).spent, 1);
    assert.equal(await available(), 180);
    await applyChanges(t.db, tenant, [timeOff('revoked')], clock);
    assert.equal((await recomputeDirty(t.db, opts)).refunded, 1);
    assert.equal(await available(), 300);
    const rows = await t.db('balances').where('employee_id', wang).orderBy('id');
    assert.deepEqual(rows.map((r: { entry_type: string; minutes: number }) => [r.entry_type, Number(r.minutes)]), [['earn', 300], ['spend', -120], ['refund', 120]]);
  });

  it('lets unspent 调休 lapse after its expiry date, once', async () => {
    const { expireBalances } = await import('../../src/compute/balances.js');
    assert.equal(await expireBalances(t.db, 'time_off', '2026-09-07', clock.now()), 0, 'still usable on its last day');
    assert.equal(await expireBalances(t.db, 'time_off', '2026-09-08', clock.now()), 1);
    assert.equal(await expireBalances(t.db, 'time_off', '2026-09-09', clock.now()), 0, 'recorded once');
    const entries = (await loadEntries(t.db, [wang], 'time_off')).get(wang) ?? [];
    assert.equal(balanceOf(entries, 'time_off', '2026-09-09').availableMinutes, 0);
  });
});
