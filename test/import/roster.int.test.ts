import assert from 'node:assert/strict';
import { importFile } from '../../src/import/index.js';
import { describeEachDb } from '../support/db.js';
import { byJobNumber, counts, csvFile, emp, options, seed, xlsxFile } from './support.js';

const brief = (ps: { row: number; column: string | null; code: string }[]) => ps.map((p) => `${p.row}|${p.column}|${p.code}`);

describeEachDb('import roster', (t) => {
  before(() => seed(t.db));

  it('a wide roster with an unknown shift and a repeated employee is refused whole', async () => {
    const file = await xlsxFile([
      ['employee', '2026-03-02', '2026-03-03', '2026-03-04'],
      ['A001', '白班', '休息', '夜班'],
      ['A002', '白班', '中班', ''],
      ['A001', '', '', '白班'],
    ]);
    const before = await counts(t.db);
    const report = await importFile(t.db, 'roster', file, options());
    assert.equal(report.layout, 'wide');
    assert.deepEqual(brief(report.problems), ['3|2026-03-03|unknown_shift', '4|2026-03-04|duplicate_row']);
    assert.match(report.problems[0]?.message ?? '', /"中班"/);
    assert.deepEqual(await counts(t.db), before);
  });

  it('a valid wide roster resolves shift names per tenant, rest days and Excel date headers', async () => {
    const file = await xlsxFile([
      ['工号', '2026-03-02', new Date(Date.UTC(2026, 2, 3)), '2026-03-04'],
      ['A001', '白班', '休息', '夜班'],
      ['D001', '白班', '', 'rest'],
    ]);
    const report = await importFile(t.db, 'roster', file, options());
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual([report.rows, report.records, report.created], [2, 5, 5]);
    const rows = await t.db('rosters').orderBy(['employee_id', 'work_date']).select('employee_id', 'work_date', 'shift_id', 'source');
    const of = (id: string) => rows.filter((r: { employee_id: string }) => r.employee_id === id).map((r: { work_date: string; shift_id: string | null }) => `${r.work_date}=${r.shift_id}`);
    assert.deepEqual(of(emp('zhangsan')), ['2026-03-02=acme:s1', '2026-03-03=null', '2026-03-04=acme:s2']);
    assert.deepEqual(of(await byJobNumber(t.db, 'D001')), ['2026-03-02=dd:day', '2026-03-04=null']);
    const night = await t.db('day_results').where({ employee_id: emp('zhangsan'), work_date: '2026-03-04' }).first();
    assert.ok(night, 'the rostered days were recomputed');
    assert.equal(JSON.parse(night.result).expectedMinutes ?? night.expected_minutes, 480);
  });

  it('narrow GB18030 CSV: Chinese headers and shift names; an unknown shift is refused', async () => {
    const bad = csvFile([['工号', '日期', '班次'], ['A002', '2026-03-05', '夜班'], ['A002', '2026-03-06', '中班']], { encoding: 'gb18030' });
    const refused = await importFile(t.db, 'roster', bad, options({ encoding: 'gb18030' }));
    assert.deepEqual(brief(refused.problems), ['3|shift|unknown_shift']);
    const good = csvFile([['工号', '日期', '班次'], ['A002', '2026-03-05', '夜班'], ['A002', '2026-03-06', '休息']], { encoding: 'gb18030' });
    const report = await importFile(t.db, 'roster', good, options({ encoding: 'gb18030' }));
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const rows = await t.db('rosters').where('employee_id', emp('lisi')).orderBy('work_date');
    assert.deepEqual(rows.map((r: { shift_id: string | null }) => r.shift_id), ['acme:s2', null]);
    const twice = await importFile(t.db, 'roster', good, options({ encoding: 'gb18030' }));
    assert.deepEqual([twice.created, twice.unchanged], [0, 2]);
  });

  it('an ambiguous shift name for an employee of neither tenant is a problem; a bad date too', async () => {
    await t.db('employees').insert({ id: 'e_loose', name: 'Loose', job_number: 'X001', status: 'active', created_at: 0 });
    const file = csvFile([['employee', 'date', 'shift'], ['X001', '2026-03-05', '白班'], ['A001', '2026-13-01', '白班']], { bom: true });
    const report = await importFile(t.db, 'roster', file, options());
    assert.deepEqual(brief(report.problems), ['2|shift|ambiguous_shift', '3|date|bad_date']);
  });
});
