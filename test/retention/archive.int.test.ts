import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../src/clock.js';
import { recomputeDirty, recomputeKeys } from '../../src/compute/recompute.js';
import { markMissingDays } from '../../src/compute/sweep.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { archiveDue, restoreMonth, RestoreError } from '../../src/retention/index.js';
import { describeEachDb } from '../support/db.js';

const tenant = { id: 'acme', timezone: 'Asia/Shanghai' };
const zone = 'Asia/Shanghai';
const policy = loadConfig({}).policy;
/** 24 months after 2026-03: January and February 2024 are due, March 2024 (locked) stays. */
const now = Date.parse('2026-03-10T00:00:00Z');
const settings = { timezone: zone, afterMonths: 24 };

const at = (iso: string) => Date.parse(iso);
const punch = (u: string, iso: string) => ({ kind: 'punch' as const, externalUserId: u, sourceRecordKey: `${u}@${iso}`, at: at(iso), method: 'gps' as const, lat: 31.2304123456789, lng: 121.4737, raw: { note: iso } });

function officeDays(): string[] {
  const out: string[] = [];
  for (const d of ['2024-01-08', '2024-01-09', '2024-02-01', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-04']) out.push(`${d}T08:5${d.at(-1)}:00+08:00`, `${d}T18:0${d.at(-1)}:00+08:00`);
  return out;
}

describeEachDb('archive and restore', (t) => {
  const clock = new ManualClock(now);
  const dir = mkdtempSync(join(tmpdir(), 'ab-archive-'));
  const dump = async () => ({
    dayResults: await t.db('day_results').select('*').orderBy(['employee_id', 'work_date']),
    punches: await t.db('punches').select('*').orderBy('id'),
  });
  const march = <T extends { work_date?: string }>(rows: T[]): T[] => rows.filter((r) => (r.work_date ?? '') >= '2024-03-01');
  let original: Awaited<ReturnType<typeof dump>>;

  before(async () => {
    await applyChanges(t.db, tenant, [
      { kind: 'shift', externalId: 'day', name: 'Day', definition: { segments: [{ start: '09:00', end: '18:00' }] } },
      { kind: 'shift', externalId: 'night', name: 'Night', definition: { segments: [{ start: '22:00', end: '06:00' }] } },
      // Starts half an hour after midnight: its check-in comes on the calendar day before.
      { kind: 'shift', externalId: 'early', name: 'Early', definition: { segments: [{ start: '00:30', end: '08:30' }] } },
      { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['dan'] },
      { kind: 'rule_group', externalId: 'plant', name: 'Plant', pattern: { kind: 'roster' }, memberExternalUserIds: ['nina', 'ed'] },
      { kind: 'roster', externalUserId: 'nina', workDate: '2024-02-29', shiftExternalId: 'night' },
      { kind: 'roster', externalUserId: 'nina', workDate: '2024-03-01', shiftExternalId: 'night' },
      { kind: 'roster', externalUserId: 'ed', workDate: '2024-03-01', shiftExternalId: 'early' },
      ...officeDays().map((iso) => punch('dan', iso)),
      punch('nina', '2024-02-29T21:55:00+08:00'),
      punch('nina', '2024-03-01T06:02:00+08:00'),
      punch('nina', '2024-03-01T21:58:00+08:00'),
      punch('nina', '2024-03-02T06:01:00+08:00'),
      punch('ed', '2024-02-29T23:50:00+08:00'),
      punch('ed', '2024-03-01T08:31:00+08:00'),
    ], clock);
    await markMissingDays(t.db, { from: '2024-01-01', to: '2024-03-31' }, clock.now());
    await recomputeDirty(t.db, { clock, policy, defaultTimezone: zone });
    await t.db('periods').insert({ org_id: 'default', month: '2024-03', state: 'locked', locked_by: 'hr', locked_at: now, updated_at: now });
    original = await dump();
    const ed = original.dayResults.find((r: { employee_id: string; work_date: string }) => r.employee_id === employeeIdFor('acme', 'ed') && r.work_date === '2024-03-01');
    assert.equal(ed.status, 'normal', 'the seed: the early shift took its check-in from 29 February');
  });

  it('a pending recompute in a due month stops the run there', async () => {
    await t.db('dirty_days').insert({ employee_id: employeeIdFor('acme', 'dan'), work_date: '2024-01-09', marked_at: now });
    const r = await archiveDue(t.db, { ...settings, now, dir });
    assert.deepEqual([r.months, r.stopped?.month], [[], '2024-01']);
    await t.db('dirty_days').delete();
  });

  it('a dry run lists the due months and changes nothing', async () => {
    const r = await archiveDue(t.db, { ...settings, now, dir, dryRun: true });
    assert.deepEqual(r.months.map((m) => m.month), ['2024-01', '2024-02']);
    assert.equal(r.months[0]?.dayResults, 31 * 3);
    assert.deepEqual(await dump(), original);
    assert.equal(existsSync(join(dir, '2024-01.jsonl.gz')), false);
  });

  it('archives old months to files and leaves the locked, unarchived month with everything it needs', async () => {
    const r = await archiveDue(t.db, { ...settings, now, dir });
    assert.deepEqual(r.months.map((m) => [m.month, m.keptChanged]), [['2024-01', 0], ['2024-02', 0]]);
    for (const m of r.months) assert.ok(existsSync(m.file ?? ''), `${m.month} file written`);
    const hot = await dump();
    assert.deepEqual(hot.dayResults, march(original.dayResults), 'only March results stay hot, unchanged');
    assert.ok(hot.punches.length < original.punches.length, 'old punches left the hot table');
    // Recomputing every March day from what is hot gives the same inputs: no new version, no adjustment.
    const keys = hot.dayResults.map((d: { employee_id: string; work_date: string }) => ({ employeeId: d.employee_id, workDate: d.work_date }));
    const again = await recomputeKeys(t.db, keys, { clock, policy, defaultTimezone: zone });
    assert.deepEqual([again.computed, again.unchanged, again.adjusted, again.written], [keys.length, keys.length, 0, 0]);
    assert.deepEqual((await archiveDue(t.db, { ...settings, now, dir })).months, [], 'nothing left to archive');
  });

  it('restores identical rows, and only once', async () => {
    for (const month of ['2024-02', '2024-01']) {
      const r = await restoreMonth(t.db, month, now);
      assert.equal(r.keptHot, 0);
    }
    assert.deepEqual(await dump(), original);
    await assert.rejects(restoreMonth(t.db, '2024-01', now), RestoreError);
    await assert.rejects(restoreMonth(t.db, '2023-12', now), RestoreError);
    assert.deepEqual((await archiveDue(t.db, { ...settings, now, dir })).months, [], 'restored months stay hot for the scheduled run');
  });

  it('archives a restored month again on request; a restore then keeps a newer hot row', async () => {
    const r = await archiveDue(t.db, { ...settings, now, dir, includeRestored: true });
    assert.deepEqual(r.months.map((m) => m.month), ['2024-01', '2024-02']);
    // A day of the archived January computed again meanwhile: the hot row is the newer truth.
    const newer = { ...original.dayResults.find((d: { work_date: string }) => d.work_date === '2024-01-09'), version: 9 };
    await t.db('day_results').insert(newer);
    const back = await restoreMonth(t.db, '2024-01', now);
    assert.equal(back.keptHot, 1);
    assert.equal((await t.db('day_results').where({ employee_id: newer.employee_id, work_date: '2024-01-09' }).first()).version, 9);
  });
});
