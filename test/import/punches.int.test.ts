import assert from 'node:assert/strict';
import { importFile } from '../../src/import/index.js';
import { describeEachDb } from '../support/db.js';
import { byJobNumber, counts, csvFile, emp, options, seed, xlsxFile } from './support.js';

const brief = (ps: { row: number; column: string | null; code: string }[]) => ps.map((p) => `${p.row}|${p.column}|${p.code}`);

describeEachDb('import punches', (t) => {
  before(() => seed(t.db));

  it('reports every problem with row and column and stores nothing', async () => {
    const file = csvFile([
      ['employee', 'time', 'note', 'extra'],
      ['A001', '2026-03-02 08:58', 'ok', ''],
      ['A001', '2026-02-30 09:00', '', ''],
      ['nobody', '2026-03-02 09:00', '', ''],
      ['A002', '2026-03-02 25:00', '', ''],
      ['A001', '2026-03-02 08:58:30', 'same minute as row 2', ''],
      ['', '2026-03-02 09:00', '', ''],
      ['A002', '2026-03-02 18:00', 'line one\nline two, "quoted"', ''],
      ['A002', '2026-03-02', '', ''],
    ]);
    const before = await counts(t.db);
    const report = await importFile(t.db, 'punches', file, options());
    assert.equal(report.ok, false);
    assert.equal(report.rows, 8);
    assert.deepEqual(brief(report.problems), ['1|extra|unknown_column', '3|time|bad_date', '4|employee|unknown_employee', '5|time|bad_time', '6|time|duplicate_row', '7|employee|required', '9|time|bad_date']);
    assert.match(report.problems[1]?.message ?? '', /"2026-02-30 09:00" is not a date/);
    assert.match(report.problems[2]?.message ?? '', /"nobody"/);
    assert.match(report.problems[4]?.message ?? '', /duplicates row 2/);
    assert.deepEqual(await counts(t.db), before, 'nothing stored');
  });

  it('imports a valid XLSX once however often it is imported, and recomputes the days', async () => {
    const file = await xlsxFile(
      [
        ['工号', '打卡时间', '备注'],
        ['A001', '2026-03-03 08:55', ''],
        ['wecom:zhangsan', '2026-03-03 18:05:10', 'vendor id'],
        [null, null, null],
        ['dingtalk:0123', 46085.375, 'an Excel date: 2026-03-04 09:00'],
      ],
      ['Other sheet'],
    );
    const first = await importFile(t.db, 'punches', file, options());
    assert.equal(first.ok, true, JSON.stringify(first.problems));
    assert.deepEqual([first.rows, first.created, first.updated, first.unchanged, first.written], [3, 3, 0, 0, 3]);
    assert.ok(first.recompute && first.recompute.written > 0, 'day results written');
    const stored = await t.db('punches').where('tenant_id', 'import').orderBy('at').select('employee_id', 'at', 'source', 'method', 'raw');
    assert.deepEqual(stored.map((p: { employee_id: string }) => p.employee_id), [emp('zhangsan'), emp('zhangsan'), await byJobNumber(t.db, 'D001')]);
    assert.equal(Number(stored[0].at), Date.parse('2026-03-03T08:55:00+08:00'));
    assert.equal(Number(stored[1].at), Date.parse('2026-03-03T18:05:10+08:00'));
    assert.equal(Number(stored[2].at), Date.parse('2026-03-04T09:00:00+08:00'));
    assert.deepEqual([stored[0].source, stored[0].method], ['import', 'import']);
    assert.deepEqual(JSON.parse(stored[1].raw), { note: 'vendor id' });
    assert.equal(Number(((await t.db('dirty_days').count({ n: '*' }).first()) as { n: number }).n), 0, 'dirty days recomputed');
    const result = await t.db('day_results').where({ employee_id: emp('zhangsan'), work_date: '2026-03-03' }).first();
    assert.ok(result, 'a day result for the imported day');

    const before = await counts(t.db);
    const again = await importFile(t.db, 'punches', file, options());
    assert.deepEqual([again.ok, again.created, again.updated, again.unchanged, again.written], [true, 0, 0, 3, 0], JSON.stringify(again.problems));
    assert.deepEqual(await counts(t.db), before, 'a second import stores nothing new');
  });

  it('--skip-unknown skips and reports unknown employees', async () => {
    const file = csvFile([['employee', 'time'], ['ghost', '2026-03-05 09:00'], ['A002', '2026-03-05 09:01'], ['wecom:nobody', '2026-03-05 09:02']]);
    const report = await importFile(t.db, 'punches', file, options({ skipUnknown: true }));
    assert.equal(report.ok, true);
    assert.deepEqual([report.skipped, report.created], [2, 1]);
    assert.deepEqual(brief(report.warnings), ['2|employee|unknown_employee', '4|employee|unknown_employee']);
    assert.equal((await t.db('punches').where({ tenant_id: 'import', employee_id: emp('lisi') })).length, 1);
  });

  it('--dry-run reports what would be written and writes nothing', async () => {
    const file = csvFile([['employee', 'time'], ['A002', '2026-03-06 09:00'], ['A002', '2026-03-05 09:01']]);
    const before = await counts(t.db);
    const report = await importFile(t.db, 'punches', file, options({ dryRun: true }));
    assert.deepEqual([report.ok, report.dryRun, report.created, report.unchanged, report.written], [true, true, 1, 1, 1]);
    assert.equal(report.recompute, null);
    assert.deepEqual(await counts(t.db), before);
  });

  it('refuses a locked month unless --into-adjustments, which audits and records adjustments', async () => {
    await t.db('periods').insert({ org_id: 'default', month: '2026-02', state: 'locked', updated_at: 0 });
    const file = csvFile([['employee', 'time'], ['A001', '2026-02-10 09:00'], ['A001', '2026-03-10 09:00']]);
    const refused = await importFile(t.db, 'punches', file, options());
    assert.deepEqual(brief(refused.problems), ['2|time|locked_month']);
    assert.match(refused.problems[0]?.message ?? '', /2026-02 is locked/);
    const before = await counts(t.db);
    const report = await importFile(t.db, 'punches', file, options({ intoAdjustments: true }));
    assert.equal(report.ok, true);
    assert.deepEqual(report.adjustments, [{ month: '2026-02', into: '2026-03' }]);
    const after = await counts(t.db);
    assert.equal(after.audit_log, (before.audit_log ?? 0) + 1);
    assert.ok((after.adjustments ?? 0) > (before.adjustments ?? 0), 'the locked day became an adjustment');
    assert.equal(await t.db('day_results').where({ employee_id: emp('zhangsan'), work_date: '2026-02-10' }).first(), undefined, 'locked results untouched');
  });
});
