import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { importUploadRouter } from '../../src/api/routes/imports.js';
import { apiRouter } from '../../src/api/router.js';
import { createMetrics } from '../../src/metrics.js';
import { createApp } from '../../src/web/app.js';
import { describeEachDb } from '../support/db.js';
import { bearer, count, emp, seed, type Fixture } from './fixture.js';

const csv = (rows: readonly (readonly string[])[]): string => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

describeEachDb('api: imports', (t) => {
  let f: Fixture;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    f = await seed(t.db);
    // Mounted as main.ts mounts it: before the JSON-only registry. A small limit keeps the size test cheap.
    app = createApp({ db: t.db, logger: f.deps.logger, metrics: createMetrics(), routers: [{ path: '/api/v1', router: importUploadRouter(f.deps, { limit: '16kb' }) }, { path: '/api/v1', router: apiRouter(f.deps) }] });
  });

  const upload = (token: string, kind: string, query: string, body: string | Buffer, type = 'text/csv') =>
    request(app).post(`/api/v1/imports/${kind}?${query}`).set(...bearer(token)).set('content-type', type).send(body);
  const imported = () => t.db('punches').where('tenant_id', 'import').count({ n: '*' }).first().then((r) => Number((r as { n: number | string }).n));

  it('lets only HR and admin upload', async () => {
    const body = csv([['employee', 'time'], ['A003', '2026-03-04 09:00']]);
    for (const token of [f.tokens.wang, f.tokens.zhang, f.tokens.system]) {
      const res = await upload(token, 'punches', 'filename=p.csv', body).expect(403);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    await request(app).post('/api/v1/imports/punches?filename=p.csv').set('content-type', 'text/csv').send(body).expect(401);
    assert.equal(await imported(), 0);
  });

  it('answers 422 with every problem, row and column, and stores nothing', async () => {
    const before = await count(t.db, 'punches');
    const res = await upload(f.tokens.hr, 'punches', 'filename=bad.csv', csv([['employee', 'time', 'extra'], ['A003', '2026-02-30 09:00', ''], ['nobody', '2026-03-04 09:00', '']])).expect(422);
    assert.equal(res.body.ok, false);
    assert.deepEqual(res.body.problems.map((p: { row: number; column: string; code: string }) => `${p.row}|${p.column}|${p.code}`), ['1|extra|unknown_column', '2|time|bad_date', '3|employee|unknown_employee']);
    assert.equal(await count(t.db, 'punches'), before);
  });

  it('skips unknown employees when asked, and a dry run stores nothing', async () => {
    const body = csv([['employee', 'time'], ['A003', '2026-03-04 08:59'], ['nobody', '2026-03-04 09:00']]);
    const res = await upload(f.tokens.admin, 'punches', 'filename=p.csv&dryRun=true&skipUnknown=true', body).expect(200);
    assert.deepEqual([res.body.ok, res.body.dryRun, res.body.skipped, res.body.created, res.body.warnings.length], [true, true, 1, 1, 1]);
    assert.equal(await imported(), 0);
  });

  it('imports an uploaded XLSX once however often it is uploaded, in the given timezone, and queues its days', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Data').addRows([['工号', '打卡时间'], ['A003', '2026-03-04 08:57'], ['A003', '2026-03-04 18:02']]);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const first = await upload(f.tokens.hr, 'punches', 'filename=' + encodeURIComponent('三月打卡.xlsx') + '&timezone=Asia/Tokyo', file, 'application/octet-stream').expect(200);
    assert.deepEqual([first.body.ok, first.body.created, first.body.recompute], [true, 2, null]);
    const stored = await t.db('punches').where('tenant_id', 'import').orderBy('at').select('employee_id', 'at');
    assert.deepEqual(stored.map((p: { employee_id: string; at: number | string }) => [p.employee_id, Number(p.at)]), [
      [emp('wang'), Date.parse('2026-03-04T08:57:00+09:00')],
      [emp('wang'), Date.parse('2026-03-04T18:02:00+09:00')],
    ]);
    assert.ok(await t.db('dirty_days').where({ employee_id: emp('wang'), work_date: '2026-03-04' }).first(), 'the worker recomputes the day');
    const again = await upload(f.tokens.hr, 'punches', 'filename=again.xlsx&timezone=Asia/Tokyo', file, 'application/octet-stream').expect(200);
    assert.deepEqual([again.body.created, again.body.unchanged], [0, 2]);
    assert.equal(await imported(), 2);
  });

  it('refuses a body too large, of another type, empty, or of an unknown format or kind', async () => {
    const big = csv([['employee', 'time'], ...Array.from({ length: 1000 }, (_, i) => ['A003', `2026-03-05 09:${String(i % 60).padStart(2, '0')}`])]);
    assert.equal((await upload(f.tokens.hr, 'punches', 'filename=big.csv', big).expect(413)).body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal((await upload(f.tokens.hr, 'punches', 'filename=p.csv', '{"a":1}', 'application/json').expect(415)).body.error.code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal((await upload(f.tokens.hr, 'punches', 'filename=p.csv', '').expect(400)).body.error.code, 'VALIDATION_FAILED');
    assert.equal((await upload(f.tokens.hr, 'punches', 'filename=p.txt', 'employee,time\r\n').expect(400)).body.error.code, 'VALIDATION_FAILED');
    assert.equal((await upload(f.tokens.hr, 'salaries', 'filename=p.csv', 'employee,time\r\n').expect(400)).body.error.details.issues[0].path, 'params.kind');
    assert.equal((await upload(f.tokens.hr, 'punches', 'dryRun=yes', 'employee,time\r\n').expect(400)).body.error.details.issues.length, 2, 'filename and dryRun');
    assert.equal(await imported(), 2);
  });
});
