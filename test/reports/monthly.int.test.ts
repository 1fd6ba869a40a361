import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../src/clock.js';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { markDirty } from '../../src/ledger/dirty.js';
import { buildMonthReport } from '../../src/reports/monthly.js';
import { writeMonthReport } from '../../src/reports/write.js';
import { describeEachDb } from '../support/db.js';

const at = (iso: string) => Date.parse(iso);
const punch = (u: string, iso: string) => ({ kind: 'punch', externalUserId: u, sourceRecordKey: `${u}@${iso}`, at: at(iso), method: 'gps' });

describeEachDb('monthly report', (t) => {
  const clock = new ManualClock(at('2026-04-02T00:00:00Z'));

  before(async () => {
    await applyChanges(t.db, { id: 'acme', timezone: 'Asia/Shanghai' }, [
      { kind: 'department', externalId: '2', parentExternalId: null, name: '研发部' },
      { kind: 'employee', externalUserId: 'zhang', name: '张三', departmentExternalId: '2', jobNumber: 'A001' },
      { kind: 'shift', externalId: 'day', name: 'Day', definition: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }] } },
      { kind: 'rule_group', externalId: 'g', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: ['zhang'] },
      punch('zhang', '2026-03-02T08:58:00+08:00'),
      punch('zhang', '2026-03-02T18:03:00+08:00'),
      punch('zhang', '2026-03-03T09:20:00+08:00'),
      punch('zhang', '2026-03-03T18:00:00+08:00'),
      { kind: 'request', externalUserId: 'zhang', externalId: 'l1', type: 'leave', subtype: 'annual', startAt: at('2026-03-04T09:00:00+08:00'), endAt: at('2026-03-04T18:00:00+08:00'), status: 'approved' },
    ], clock);
    // Every day of March, so the report shows the absent days too.
    const id = (await t.db('employees').first('id')).id as string;
    await markDirty(t.db, Array.from({ length: 31 }, (_, i) => ({ employeeId: id, workDate: `2026-03-${String(i + 1).padStart(2, '0')}` })), 1);
    await recomputeDirty(t.db, { clock, policy: loadConfig({}).policy, defaultTimezone: 'Asia/Shanghai' });
  });

  it('sums a month per employee from the day results', async () => {
    const report = await buildMonthReport(t.db, '2026-03');
    assert.equal(report.employees.length, 1);
    const r = report.employees[0]!;
    assert.equal(r.name, '张三');
    assert.equal(r.department, '研发部');
    assert.equal(r.days, 31);
    assert.equal(r.workdays, 22);
    assert.equal(r.normalDays, 1);
    assert.equal(r.lateCount, 1);
    assert.equal(r.lateMinutes, 20);
    assert.equal(r.leaveMinutes.annual, 480);
    assert.equal(r.absentDays, 19, '22 workdays − 2 worked − 1 on leave');
    assert.equal(report.days.length, 31);
  });

  it('writes an XLSX that opens with both sheets and a CSV with the same summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-report-'));
    const report = await buildMonthReport(t.db, '2026-03');
    await writeMonthReport(report, join(dir, 'attendance-2026-03.xlsx'), join(dir, 'attendance-2026-03.csv'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'attendance-2026-03.xlsx'));
    const summary = book.worksheets[0]!;
    assert.equal(summary.name, 'Summary 2026-03');
    assert.equal(summary.getRow(2).getCell(2).value, '张三');
    assert.equal(book.worksheets[1]!.rowCount, 32);
    const csvText = readFileSync(join(dir, 'attendance-2026-03.csv'), 'utf8');
    assert.ok(csvText.startsWith('\ufeff'), 'BOM so Excel reads UTF-8');
    const rows = parse(csvText, { bom: true }) as string[][];
    assert.equal(rows.length, 2);
    assert.equal(rows[1]![1], '张三');
    assert.equal(rows[0]!.length, summary.getRow(1).cellCount);
  });
});
