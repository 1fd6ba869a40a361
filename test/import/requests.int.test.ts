import assert from 'node:assert/strict';
import { importFile } from '../../src/import/index.js';
import { describeEachDb } from '../support/db.js';
import { counts, csvFile, emp, options, seed } from './support.js';

const at = (iso: string) => Date.parse(iso);
const brief = (ps: { row: number; column: string | null; code: string }[]) => ps.map((p) => `${p.row}|${p.column}|${p.code}`);

describeEachDb('import requests', (t) => {
  before(() => seed(t.db));

  it('reports bad types, statuses, dates, end before start and duplicate ids; stores nothing', async () => {
    const file = csvFile([
      ['employee', 'type', 'subtype', 'start', 'end', 'status', 'id'],
      ['A001', 'holiday', '', '2026-03-03 09:00', '2026-03-03 12:00', '', ''],
      ['A001', 'leave', 'annual', '2026-03-03 14:00', '2026-03-03 12:00', '', ''],
      ['A001', 'leave', 'annual', '2026-03-04 09:00', '2026-03-04 12:00', 'maybe', ''],
      ['A002', 'trip', '', '2026/03/05', '2026-03-05', '', 'T-1'],
      ['A002', 'trip', '', '2026-03-06', '2026-03-06', '', 'T-2'],
      ['A001', 'trip', '', '2026-03-09', '2026-03-09', '', 'T-2'],
      ['A001', 'overtime', '', '2026-03-07 10:00', '', '', ''],
    ]);
    const before = await counts(t.db);
    const report = await importFile(t.db, 'requests', file, options());
    assert.equal(report.ok, false);
    assert.deepEqual(brief(report.problems), ['2|type|bad_value', '3|end|end_before_start', '4|status|bad_value', '5|start|bad_date', '7|id|duplicate_row', '8|end|required']);
    assert.deepEqual(await counts(t.db), before);
  });

  it('a date alone spans the working day from the shift the employee has that day', async () => {
    const file = csvFile([
      ['工号', '类型', '假期类型', '开始时间', '结束时间', '状态', '单号'],
      ['A001', '请假', '年假', '2026-03-03', '2026-03-04', '', 'L-1'],
      // Saturday: no shift, so the whole calendar day.
      ['A002', '加班', '', '2026-03-07', '2026-03-07', '已通过', ''],
      ['A001', '补卡', '', '2026-03-05 09:00', '', '', ''],
    ]);
    const report = await importFile(t.db, 'requests', file, options());
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const leave = await t.db('requests').where({ tenant_id: 'import', external_id: 'L-1' }).first();
    assert.deepEqual(
      [leave.employee_id, leave.type, leave.subtype, Number(leave.start_at), Number(leave.end_at), leave.unit, leave.status],
      [emp('zhangsan'), 'leave', 'annual', at('2026-03-03T09:00:00+08:00'), at('2026-03-04T18:00:00+08:00'), 'day', 'approved'],
    );
    const overtime = await t.db('requests').where({ tenant_id: 'import', type: 'overtime' }).first();
    assert.deepEqual([Number(overtime.start_at), Number(overtime.end_at)], [at('2026-03-07T00:00:00+08:00'), at('2026-03-08T00:00:00+08:00')]);
    assert.match(overtime.external_id, /^row:[0-9a-f]{40}$/);
    const correction = await t.db('requests').where({ tenant_id: 'import', type: 'correction' }).first();
    assert.equal(Number(correction.end_at), Number(correction.start_at));
  });

  it('re-importing updates by id and by row hash instead of duplicating', async () => {
    const file = csvFile([
      ['employee', 'type', 'start', 'end', 'status', 'id'],
      ['A001', 'leave', '2026-03-03', '2026-03-04', 'cancelled', 'L-1'],
      ['A002', 'overtime', '2026-03-07', '2026-03-07', 'rejected', ''],
      ['A001', 'correction', '2026-03-05 09:00', '', '', ''],
    ]);
    const before = await counts(t.db);
    const report = await importFile(t.db, 'requests', file, options());
    assert.deepEqual([report.ok, report.created, report.updated, report.unchanged], [true, 0, 2, 1]);
    assert.equal((await counts(t.db)).requests, before.requests);
    assert.equal((await t.db('requests').where({ tenant_id: 'import', external_id: 'L-1' }).first()).status, 'cancelled');
    assert.equal((await t.db('requests').where({ tenant_id: 'import', type: 'overtime' }).first()).status, 'rejected');
  });
});
