import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { resolveShifts } from '../../src/compute/days.js';
import { loadInputs } from '../../src/compute/inputs.js';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor, scopedId } from '../../src/ledger/ids.js';
import { loadConfig } from '../../config/load.js';
import { describeEachDb } from '../support/db.js';

const tenant = { id: 'acme', timezone: 'Asia/Shanghai' };
const at = (iso: string) => Date.parse(iso);
const punch = (u: string, iso: string) => ({ kind: 'punch', externalUserId: u, sourceRecordKey: `${u}@${iso}`, at: at(iso), method: 'gps' });
const swap = (status: 'approved' | 'revoked') => ({
  kind: 'request', externalUserId: 'amy', swapExternalUserId: 'bo', externalId: 'swap-1', type: 'swap',
  startAt: at('2026-03-03T00:00:00+08:00'), endAt: at('2026-03-03T00:00:00+08:00'), status,
});

describeEachDb('shift swaps in recompute', (t) => {
  const clock = new ManualClock(at('2026-03-10T00:00:00Z'));
  const opts = { clock, policy: loadConfig({}).policy, defaultTimezone: 'Asia/Shanghai' };
  const amy = employeeIdFor('acme', 'amy');
  const bo = employeeIdFor('acme', 'bo');
  const day = async (employeeId: string) => {
    const row = (await t.db('day_results').where({ employee_id: employeeId, work_date: '2026-03-03' }).first()) as { status: string; result: string; request_ids: string };
    const result = JSON.parse(row.result) as { checkpoints: { expected: string }[] };
    return { status: row.status, expected: result.checkpoints.map((c) => c.expected), requestIds: JSON.parse(row.request_ids) as number[], raw: row.result };
  };

  before(async () => {
    // Amy works days by pattern, Bo nights by roster; on Tuesday each punches the other's shift.
    await applyChanges(t.db, tenant, [
      { kind: 'shift', externalId: 'day', name: 'Day 9-18', definition: { segments: [{ start: '09:00', end: '18:00' }] } },
      { kind: 'shift', externalId: 'night', name: 'Night 22-06', definition: { segments: [{ start: '22:00', end: '06:00' }] } },
      { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['amy'] },
      { kind: 'rule_group', externalId: 'plant', name: 'Plant', pattern: { kind: 'roster' }, memberExternalUserIds: ['bo'] },
      { kind: 'roster', externalUserId: 'bo', workDate: '2026-03-03', shiftExternalId: 'night' },
      punch('amy', '2026-03-03T21:58:00+08:00'),
      punch('amy', '2026-03-04T06:02:00+08:00'),
      punch('bo', '2026-03-03T08:57:00+08:00'),
      punch('bo', '2026-03-03T18:01:00+08:00'),
    ], clock);
    await recomputeDirty(t.db, opts);
  });

  it('judges each side against its own shift without a swap', async () => {
    const a = await day(amy);
    assert.notEqual(a.status, 'normal', a.raw);
    assert.match(a.expected[0] ?? '', /T09:00/);
    const b = await day(bo);
    assert.notEqual(b.status, 'normal', b.raw);
    assert.match(b.expected[0] ?? '', /T22:00/);
  });

  it('exchanges the two shifts on the swapped date once the swap is approved', async () => {
    await applyChanges(t.db, tenant, [swap('approved')], clock);
    await recomputeDirty(t.db, opts);
    const a = await day(amy);
    assert.equal(a.status, 'normal', a.raw);
    assert.deepEqual(a.expected.map((e) => e.slice(11, 16)), ['22:00', '06:00']);
    const b = await day(bo);
    assert.equal(b.status, 'normal', b.raw);
    assert.deepEqual(b.expected.map((e) => e.slice(11, 16)), ['09:00', '18:00']);
    const swapId = Number(((await t.db('requests').where({ external_id: 'swap-1' }).first()) as { id: number }).id);
    assert.deepEqual(a.requestIds, [swapId]);
    assert.deepEqual(b.requestIds, [swapId]);
  });

  it('resolves the partner even when only one side is loaded, and leaves other dates alone', async () => {
    const inputs = await loadInputs(t.db, [{ employeeId: bo, workDate: '2026-03-02' }, { employeeId: bo, workDate: '2026-03-03' }]);
    const days = resolveShifts(inputs, 'Asia/Shanghai').get(bo) ?? [];
    assert.deepEqual(days.map((d) => [d.date, d.shiftId, d.swapRequestId !== null]), [
      ['2026-03-02', null, false],
      ['2026-03-03', scopedId('acme', 'day'), true],
    ]);
  });

  it('stops applying a revoked swap: both days return to their own shifts', async () => {
    await applyChanges(t.db, tenant, [swap('revoked')], clock);
    await recomputeDirty(t.db, opts);
    const a = await day(amy);
    assert.notEqual(a.status, 'normal', a.raw);
    assert.match(a.expected[0] ?? '', /T09:00/);
    const b = await day(bo);
    assert.match(b.expected[0] ?? '', /T22:00/);
    assert.deepEqual(b.requestIds, []);
  });
});
