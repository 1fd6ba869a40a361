import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Express } from 'express';
import request from 'supertest';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { markMissingDays } from '../../src/compute/sweep.js';
import { NOW, assertDocumented, bearer, dept, emp, seed, testConfig, type Fixture } from '../api/fixture.js';
import { hrApp } from '../periods/support.js';
import { describeEachDb } from '../support/db.js';

/** Collects a binary response body (supertest buffers text only). */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  return book;
}

/** A sheet as header → value records. */
function records(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) out.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return out;
}

describeEachDb('reports over the API', (t) => {
  let f: Fixture;
  let app: Express;
  const get = (token: string, path: string) => request(app).get(`/api/v1/reports/${path}`).set(...bearer(token));

  before(async () => {
    f = await seed(t.db);
    app = hrApp(f.deps);
    // Every employee-day of March gets a result, as the nightly sweep makes sure.
    await markMissingDays(t.db, { from: '2026-03-01', to: '2026-03-31' }, NOW);
    await recomputeDirty(t.db, { clock: f.clock, policy: testConfig().policy, defaultTimezone: 'Asia/Shanghai' });
    await t.db('vendor_day_results').insert([
      { tenant_id: 'acme', employee_id: emp('wang'), work_date: '2026-03-02', status: 'normal', received_at: NOW },
      { tenant_id: 'acme', employee_id: emp('wang'), work_date: '2026-03-03', status: 'normal', received_at: NOW },
      { tenant_id: 'acme', employee_id: emp('li'), work_date: '2026-03-02', status: 'exception', received_at: NOW },
      { tenant_id: 'acme', employee_id: emp('li'), work_date: '2026-02-27', status: 'absent', received_at: NOW },
    ]);
  });

  it('answers the monthly summary as JSON whose totals are the day results’ totals', async () => {
    const res = await get(f.tokens.hr, 'monthly?month=2026-03').expect(200);
    assertDocumented('get', '/reports/monthly', res);
    const rows = res.body.employees as Record<string, number & Record<string, number>>[];
    assert.equal(rows.length, 4, 'boss too: every employee has a result now');
    const sums = (await t.db('day_results')
      .select('employee_id')
      .sum({ worked: 'worked_minutes', late: 'late_minutes', absent: 'absent_minutes', expected: 'expected_minutes', missing: 'missing_count' })
      .count({ days: '*' })
      .whereBetween('work_date', ['2026-03-01', '2026-03-31'])
      .groupBy('employee_id')) as Record<string, string | number>[];
    for (const s of sums) {
      const row = rows.find((r) => (r as unknown as { employeeId: string }).employeeId === s.employee_id);
      assert.ok(row, String(s.employee_id));
      assert.deepEqual(
        [row.workedMinutes, row.lateMinutes, row.absentMinutes, row.expectedMinutes, row.missingCount, row.days],
        [s.worked, s.late, s.absent, s.expected, s.missing, s.days].map(Number),
      );
    }
    const wang = rows.find((r) => (r as unknown as { employeeId: string }).employeeId === emp('wang'))!;
    assert.equal(wang.lateCount, 1);
    assert.equal(wang.actualDays, 2);
    assert.equal(wang.workdays, 22);
    assert.equal(wang.absentDays, 20);
    assert.equal(wang.timeOffEarnedMinutes, 240, 'from the balances ledger');
    const li = rows.find((r) => (r as unknown as { employeeId: string }).employeeId === emp('li'))!;
    assert.equal(li.missingOutCount, 1);
    assert.equal(li.missingInCount, 0);
  });

  it('streams the monthly XLSX: it opens, and its totals equal the day results', async () => {
    const res = await get(f.tokens.hr, 'monthly?month=2026-03&format=xlsx').buffer(true).parse(binary).expect(200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.headers['content-disposition'] as string, /filename="monthly-2026-03\.xlsx"/);
    const book = await readXlsx(res.body as Buffer);
    const [summary, days] = book.worksheets;
    assert.equal(summary?.name, 'Summary 2026-03');
    const rows = records(summary!);
    assert.equal(rows.length, 4);
    const total = (key: string) => rows.reduce((s, r) => s + Number(r[key]), 0);
    const db = (await t.db('day_results').sum({ worked: 'worked_minutes', late: 'late_minutes' }).count({ n: '*' }).whereBetween('work_date', ['2026-03-01', '2026-03-31']).first()) as Record<string, string | number>;
    assert.ok(Math.abs(total('Worked hours 工作时长') - Number(db.worked) / 60) < 0.05, 'worked hours');
    assert.equal(total('Late minutes 迟到时长(分钟)'), Number(db.late));
    assert.equal(days!.rowCount - 1, Number(db.n), 'one detail row per day result');
    assert.equal(total('Required days 应出勤天数'), 4 * 22);
  });

  it('answers CSV with a BOM, the same columns as the XLSX and the same values as the JSON', async () => {
    const csv = await get(f.tokens.hr, 'monthly?month=2026-03&format=csv').expect(200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.ok(csv.text.startsWith('\ufeff'));
    const [header, ...rows] = parse(csv.text, { bom: true }) as string[][];
    assert.ok(header?.includes('Missing out 下班缺卡次数'));
    assert.ok(header?.includes('Overtime holiday hours 节假日加班'));
    assert.ok(header?.includes('调休 used hours 调休使用'));
    const json = (await get(f.tokens.hr, 'monthly?month=2026-03').expect(200)).body.employees as { name: string; lateMinutes: number }[];
    const late = header!.indexOf('Late minutes 迟到时长(分钟)');
    assert.deepEqual(rows.map((r) => [r[1], Number(r[late])]).sort(), json.map((r) => [r.name, r.lateMinutes]).sort());
  });

  it('scopes every report like the rest of the API', async () => {
    const names = async (token: string, q = '') => ((await get(token, `monthly?month=2026-03${q}`).expect(200)).body.employees as { name: string }[]).map((r) => r.name).sort();
    assert.deepEqual(await names(f.tokens.zhang), ['Wang Wu', 'Zhang San']);
    assert.deepEqual(await names(f.tokens.wang), ['Wang Wu']);
    assert.deepEqual(await names(f.tokens.hr, `&department=${dept('eng')}`), ['Wang Wu', 'Zhang San']);
    assert.deepEqual(await names(f.tokens.salesManager), ['Li Si']);
    assert.equal((await get(f.tokens.salesManager, `monthly?month=2026-03&department=${dept('eng')}`).expect(403)).body.error.code, 'FORBIDDEN');
    assert.equal((await get(f.tokens.salesManager, `monthly?month=2026-03&department=${dept('eng')}&format=csv`).expect(403)).body.error.code, 'FORBIDDEN');
    const zhangCsv = parse((await get(f.tokens.zhang, 'monthly?month=2026-03&format=csv').expect(200)).text, { bom: true }) as string[][];
    assert.equal(zhangCsv.length, 3, 'header + the two people in the tree');
    assert.equal((await get(f.tokens.wang, 'departments?month=2026-03').expect(403)).body.error.code, 'FORBIDDEN');
    assert.equal((await get(f.tokens.wang, 'reconciliation?month=2026-03&format=xlsx').expect(403)).body.error.code, 'FORBIDDEN');
    await request(app).get('/api/v1/reports/monthly?month=2026-03&format=csv').expect(401);
    assert.equal((await get(f.tokens.hr, 'monthly?month=2026-3').expect(400)).body.error.code, 'VALIDATION_FAILED');
    assert.equal((await get(f.tokens.hr, 'monthly?month=2026-03&format=pdf').expect(400)).body.error.code, 'VALIDATION_FAILED');
    assert.equal((await get(f.tokens.hr, 'monthly?month=2026-03&format=xlsx&bogus=1').expect(400)).body.error.code, 'VALIDATION_FAILED');
  });

  it('lists one day’s exceptions with their reasons', async () => {
    const res = await get(f.tokens.hr, 'daily-exceptions?date=2026-03-03').expect(200);
    assertDocumented('get', '/reports/daily-exceptions', res);
    const wang = res.body.exceptions.find((e: { employeeId: string }) => e.employeeId === emp('wang'));
    assert.equal(wang.status, 'exception');
    assert.equal(wang.lateMinutes, 20);
    assert.ok(wang.reasons.length > 0);
    assert.ok(res.body.exceptions.every((e: { status: string }) => e.status === 'exception' || e.status === 'absent'));
    assert.deepEqual((await get(f.tokens.wang, 'daily-exceptions?date=2026-03-03').expect(200)).body.exceptions.map((e: { name: string }) => e.name), ['Wang Wu']);
  });

  it('sums departments from the employee rows', async () => {
    const res = await get(f.tokens.hr, 'departments?month=2026-03').expect(200);
    assertDocumented('get', '/reports/departments', res);
    const web = res.body.departments.find((d: { department: string }) => d.department === 'Web');
    assert.equal(web.people, 1);
    assert.equal(web.lateCount, 1);
    assert.equal(web.attendanceRate, Math.round((2 / 22) * 1000) / 1000);
    assert.deepEqual((await get(f.tokens.zhang, 'departments?month=2026-03').expect(200)).body.departments.map((d: { department: string }) => d.department), ['Engineering', 'Web']);
  });

  it('shows where the vendors’ verdicts differ from ours', async () => {
    const res = await get(f.tokens.hr, 'reconciliation?month=2026-03').expect(200);
    assertDocumented('get', '/reports/reconciliation', res);
    assert.deepEqual(res.body.summary, { compared: 3, agree: 2, differences: { 'exception≠normal': 1 }, byCause: { rule_mismatch: 1 } });
    assert.deepEqual(res.body.differences.map((d: { workDate: string; name: string; difference: string }) => [d.workDate, d.name, d.difference]), [['2026-03-03', 'Wang Wu', 'exception≠normal']]);
    assert.equal((await get(f.tokens.salesManager, 'reconciliation?month=2026-03').expect(200)).body.summary.compared, 1, 'only Li, in Sales');
  });

  it('reports balances over the month', async () => {
    const res = await get(f.tokens.hr, 'balances?month=2026-03').expect(200);
    assertDocumented('get', '/reports/balances', res);
    assert.deepEqual(res.body.balances, [{ employeeId: emp('wang'), name: 'Wang Wu', kind: 'time_off', openingMinutes: 0, earnedMinutes: 240, usedMinutes: 0, expiredMinutes: 0, adjustedMinutes: 0, closingMinutes: 240 }]);
    assert.equal((await get(f.tokens.hr, 'balances?month=2026-04').expect(200)).body.balances[0].openingMinutes, 240);
    assert.deepEqual((await get(f.tokens.li, 'balances?month=2026-03').expect(200)).body.balances, []);
  });

  it('without the download router, asks for JSON instead of answering a file as JSON', async () => {
    const res = await request(f.app).get('/api/v1/reports/monthly?month=2026-03&format=csv').set(...bearer(f.tokens.hr)).expect(400);
    assert.equal(res.body.error.code, 'BAD_REQUEST');
  });
});
