import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadConfig } from '../../config/load.js';
import { parseBacktestPolicy, runBacktest } from '../../src/backtest/index.js';
import { backtestAction } from '../../src/cli/commands/backtest.js';
import { ManualClock } from '../../src/clock.js';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { markMissingDays } from '../../src/compute/sweep.js';
import { ValidationError } from '../../src/errors.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { describeEachDb } from '../support/db.js';

const tenant = { id: 'acme', timezone: 'Asia/Shanghai' };
const policy = loadConfig({}).policy;
const zone = 'Asia/Shanghai';
const week = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
/** Minutes after 09:00 each employee arrives, Monday to Friday; they leave at 18:00. */
const arrivals: Record<string, number[]> = { ann: [3, 7, 12, 8, 0], bo: [6, 10, 11, 0, 20] };
const STORED_GRACE = 5;

const at = (date: string, minutesAfterNine: number) => Date.parse(`${date}T09:00:00+08:00`) + minutesAfterNine * 60_000;
/** rules.md: a check-in later than the grace is late; at or within the grace it is not. */
const lateDays = (user: string, grace: number) => (arrivals[user] ?? []).filter((m) => m > grace).length;

function punches(user: string) {
  return week.flatMap((date, i) => [
    { kind: 'punch' as const, externalUserId: user, sourceRecordKey: `${user}-${date}-in`, at: at(date, arrivals[user]?.[i] ?? 0), method: 'gps' as const },
    { kind: 'punch' as const, externalUserId: user, sourceRecordKey: `${user}-${date}-out`, at: at(date, 9 * 60), method: 'gps' as const },
  ]);
}

describeEachDb('rules backtest', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-10T00:00:00Z'));
  const snapshot = async () => ({
    results: await t.db('day_results').select('employee_id', 'work_date', 'version', 'input_hash', 'computed_at', 'result').orderBy(['employee_id', 'work_date']),
    counts: await Promise.all(['dirty_days', 'adjustments', 'balances', 'writeback_outbox', 'audit_log'].map(async (table) => Number((await t.db(table).count({ n: '*' }))[0]?.n))),
  });

  before(async () => {
    await applyChanges(t.db, tenant, [
      { kind: 'department', externalId: 'sales', parentExternalId: null, name: 'Sales' },
      { kind: 'department', externalId: 'east', parentExternalId: 'sales', name: 'Sales East' },
      { kind: 'department', externalId: 'ops', parentExternalId: null, name: 'Ops' },
      { kind: 'employee', externalUserId: 'ann', name: 'Ann', departmentExternalId: 'east', jobNumber: 'A1' },
      { kind: 'employee', externalUserId: 'bo', name: 'Bo', departmentExternalId: 'ops', jobNumber: 'B1' },
      { kind: 'shift', externalId: 'day', name: 'Day 9-18', definition: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }], lateGraceMinutes: STORED_GRACE } },
      { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['ann', 'bo'] },
      ...punches('ann'),
      ...punches('bo'),
      // The vendor's own verdict for Ann's Tuesday (7 min late): its grace is 10, so "normal".
      { kind: 'vendor_day_result', externalUserId: 'ann', workDate: '2026-03-03', status: 'normal', detail: null },
    ], clock);
    await markMissingDays(t.db, { from: '2026-03-02', to: '2026-03-08' }, clock.now());
    await recomputeDirty(t.db, { clock, policy, defaultTimezone: zone });
  });

  it('a wider grace lowers the late count by exactly the days late by no more than it, and writes nothing', async () => {
    const before = await snapshot();
    const report = await runBacktest(t.db, { from: '2026-03-02', to: '2026-03-08', candidate: parseBacktestPolicy({ shifts: { '*': { lateGraceMinutes: 10 } } }), policy, defaultTimezone: zone });
    assert.equal(report.totals.before.lateCount, lateDays('ann', STORED_GRACE) + lateDays('bo', STORED_GRACE));
    assert.equal(report.totals.after.lateCount, lateDays('ann', 10) + lateDays('bo', 10));
    assert.notEqual(report.totals.after.lateCount, report.totals.before.lateCount, 'the seed must make the change visible');
    assert.equal(report.computed, 14, 'two employees × seven days');
    assert.equal(report.withoutCurrentResult, 0);
    const changed = report.days.map((d) => `${d.employeeId === employeeIdFor('acme', 'ann') ? 'ann' : 'bo'} ${d.date}`).sort();
    const expected = Object.entries(arrivals).flatMap(([u, mins]) => mins.flatMap((m, i) => (m > STORED_GRACE && m <= 10 ? [`${u} ${week[i]}`] : []))).sort();
    assert.deepEqual(changed, expected);
    for (const d of report.days) {
      assert.equal(d.before?.status, 'exception');
      assert.equal(d.after.status, 'normal');
      assert.equal(d.after.lateCount, 0);
    }
    const depts = Object.fromEntries(report.departments.map((d) => [d.department, d]));
    assert.equal(depts['Sales East']?.after.lateCount, lateDays('ann', 10));
    assert.equal(depts.Ops?.before.lateCount, lateDays('bo', STORED_GRACE));
    // The vendor called Ann's 7-minute Tuesday normal: the candidate agrees with it, the stored result did not.
    assert.deepEqual([report.totals.before.vendorCompared, report.totals.before.vendorAgree, report.totals.after.vendorAgree], [1, 0, 1]);
    assert.deepEqual(await snapshot(), before, 'day_results versions and every other table unchanged');
  });

  it('an empty candidate reproduces the stored results: the backtest runs the recompute path', async () => {
    const report = await runBacktest(t.db, { from: '2026-03-02', to: '2026-03-08', candidate: parseBacktestPolicy({}), policy, defaultTimezone: zone });
    assert.equal(report.computed, 14);
    assert.deepEqual(report.days, []);
    assert.deepEqual(report.totals.after, report.totals.before);
  });

  it('limits to a department and the departments under it', async () => {
    const report = await runBacktest(t.db, { from: '2026-03-02', to: '2026-03-08', candidate: parseBacktestPolicy({ shifts: { 'Day 9-18': { lateGraceMinutes: 10 } } }), policy, defaultTimezone: zone, department: 'Sales' });
    assert.deepEqual(report.departments.map((d) => d.department), ['Sales East']);
    assert.equal(report.totals.after.lateCount, lateDays('ann', 10));
    assert.deepEqual(new Set(report.days.map((d) => d.name)), new Set(['Ann']));
  });

  it('runs a changed rule-group pattern through the same resolution (Wednesday becomes a rest day)', async () => {
    const candidate = parseBacktestPolicy({ ruleGroups: { Office: { pattern: { kind: 'fixed', week: { mon: 'acme:day', tue: 'acme:day', thu: 'acme:day', fri: 'acme:day' } } } } });
    const report = await runBacktest(t.db, { from: '2026-03-02', to: '2026-03-08', candidate, policy, defaultTimezone: zone });
    const wednesday = report.days.filter((d) => d.date === '2026-03-04');
    assert.equal(wednesday.length, 2);
    for (const d of wednesday) assert.equal(d.after.status, 'rest');
    const wedLate = (u: string) => ((arrivals[u]?.[2] ?? 0) > STORED_GRACE ? 1 : 0);
    assert.equal(report.totals.after.lateCount, report.totals.before.lateCount - wedLate('ann') - wedLate('bo'));
  });

  it('reports every problem of a candidate with its path', async () => {
    assert.throws(
      () => parseBacktestPolicy({ shifts: { '*': { lateGraceMinutes: -1, lateGrace: 3 } }, outOfRange: 'maybe' }),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        const paths = err.issues.map((i) => i.path).sort();
        assert.deepEqual(paths, ['outOfRange', 'shifts.*', 'shifts.*.lateGraceMinutes']);
        return true;
      },
    );
    await assert.rejects(
      runBacktest(t.db, { from: '2026-03-02', to: '2026-03-08', candidate: parseBacktestPolicy({ shifts: { Nope: { lateGraceMinutes: 1 } }, ruleGroups: { Office: { pattern: { kind: 'cycle', anchorDate: '2026-03-02', days: ['acme:gone', null] } } } }), policy, defaultTimezone: zone }),
      (err: unknown) => err instanceof ValidationError && err.issues.map((i) => i.path).join() === 'shifts.Nope,ruleGroups.Office.pattern',
    );
    assert.throws(
      () => parseBacktestPolicy('{"shifts": {"*": {"segments": [{"start": "09:00", "end": "25:99"}]}}}'),
      (err: unknown) => err instanceof ValidationError && err.issues.map((i) => i.path).join() === 'shifts.*.segments.0.end',
    );
    assert.throws(() => parseBacktestPolicy('{"shifts": '), (err: unknown) => err instanceof ValidationError && err.message.includes('not valid JSON'));
  });

  it('the CLI prints JSON and writes the XLSX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-backtest-'));
    const file = join(dir, 'candidate.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ shifts: { '*': { lateGraceMinutes: 10 } } }));
    const xlsx = join(dir, 'out', 'backtest.xlsx');
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    let printed: string;
    try {
      printed = await backtestAction({ from: '2026-03-02', to: '2026-03-08', policy: file, json: true, xlsx }, async () => ({ db: t.db, policy, timezone: zone, close: async () => {} }));
    } finally {
      process.stdout.write = write;
    }
    const json = JSON.parse(printed) as { totals: { after: { lateCount: number } } };
    assert.equal(json.totals.after.lateCount, lateDays('ann', 10) + lateDays('bo', 10));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    assert.deepEqual(book.worksheets.map((w) => w.name), ['Departments', 'Employees', 'Days']);
    const sheet = book.getWorksheet('Departments');
    const headers = (sheet?.getRow(1).values as unknown[]).map(String);
    const total = sheet?.getRow((sheet?.rowCount ?? 0)).values as unknown[];
    assert.equal(total[1], 'Total 合计');
    assert.equal(total[headers.indexOf('Late 迟到次数 after')], lateDays('ann', 10) + lateDays('bo', 10));
    const changedDays = lateDays('ann', STORED_GRACE) + lateDays('bo', STORED_GRACE) - lateDays('ann', 10) - lateDays('bo', 10);
    assert.equal(book.getWorksheet('Days')?.rowCount, 1 + changedDays, 'header + one row per changed day');
  });
});
