import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import nock from 'nock';
import { registerPeriodCommands } from '../../src/cli/commands/period.js';
import { registerReportCommands, type HrRuntime } from '../../src/cli/commands/report.js';
import { CliError } from '../../src/errors.js';
import { deliverMonthlyReport } from '../../src/reports/deliver.js';
import { seed, type Fixture } from '../api/fixture.js';
import { describeEachDb } from '../support/db.js';

describeEachDb('report delivery and the report / period CLI', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });
  afterEach(() => nock.cleanAll());

  it('POSTs last month’s XLSX to the HTTPS webhook, signed, retrying a 5xx', async () => {
    let received: { body: Buffer; headers: Record<string, string | string[]> } | undefined;
    const hook = nock('https://hr.example.test')
      .post('/hooks/attendance').reply(502)
      .post('/hooks/attendance').reply(function (_uri, body) {
        received = { body: Buffer.from(body as string, 'hex'), headers: this.req.headers };
        return [204];
      });
    const r = await deliverMonthlyReport({ db: t.db, clock: f.clock, timezone: 'Asia/Shanghai', webhookUrl: 'https://hr.example.test/hooks/attendance', secret: 's3cret', retries: 2 });
    assert.ok(hook.isDone(), 'retried after the 502');
    assert.deepEqual([r.month, r.fileName, r.status, r.employees], ['2026-02', 'monthly-2026-02.xlsx', 204, 0]);
    assert.ok(received);
    assert.equal(received.headers['x-report-month'], '2026-02');
    assert.equal(received.body.length, r.bytes);
    assert.equal(received.headers['x-report-signature'], `sha256=${createHmac('sha256', 's3cret').update(received.body).digest('hex')}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(received.body as unknown as ArrayBuffer);
    assert.equal(book.worksheets[0]?.name, 'Summary 2026-02');
  });

  it('delivers a chosen month as CSV, and refuses plain HTTP and a 4xx at once', async () => {
    let csv = '';
    nock('https://hr.example.test').post('/in').reply(200, (_uri, body) => {
      // nock hands a text body over as the string itself (a binary one as hex).
      csv = String(body);
      return 'ok';
    });
    const r = await deliverMonthlyReport({ db: t.db, clock: f.clock, timezone: 'Asia/Shanghai', webhookUrl: 'https://hr.example.test/in', month: '2026-03', format: 'csv' });
    assert.equal(r.employees, 3);
    assert.equal((parse(csv, { bom: true }) as string[][]).length, 4);
    await assert.rejects(deliverMonthlyReport({ db: t.db, clock: f.clock, timezone: 'Asia/Shanghai', webhookUrl: 'http://hr.example.test/in' }), /https/);
    const refused = nock('https://hr.example.test').post('/in').once().reply(403);
    await assert.rejects(deliverMonthlyReport({ db: t.db, clock: f.clock, timezone: 'Asia/Shanghai', webhookUrl: 'https://hr.example.test/in', retries: 3 }), /HTTP 403/);
    assert.ok(refused.isDone());
  });

  const cli = async (...args: string[]) => {
    const program = new Command('attendance-bridge').exitOverride();
    const open = async (): Promise<HrRuntime> => ({ deps: f.deps, close: async () => undefined });
    registerReportCommands(program, open);
    registerPeriodCommands(program, open);
    const chunks: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((c: string) => chunks.push(String(c)) > 0) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'attendance-bridge', ...args]);
    } finally {
      process.stdout.write = write;
    }
    return chunks.join('');
  };

  it('writes reports from the CLI in every format, validated like the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-report-cli-'));
    await cli('report', 'monthly', '--month', '2026-03', '--format', 'csv', '--out', join(dir, 'm.csv'));
    const rows = parse(readFileSync(join(dir, 'm.csv'), 'utf8'), { bom: true }) as string[][];
    assert.deepEqual(rows.slice(1).map((r) => r[1]).sort(), ['Li Si', 'Wang Wu', 'Zhang San']);
    await cli('report', 'departments', '--month', '2026-03', '--format', 'xlsx', '--out', join(dir, 'd.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'd.xlsx'));
    assert.equal(book.worksheets[0]?.name, 'Departments 2026-03');
    const json = JSON.parse(await cli('report', 'daily-exceptions', '--date', '2026-03-03'));
    assert.deepEqual(json.exceptions.map((e: { name: string }) => e.name), ['Wang Wu']);
    await assert.rejects(cli('report', 'monthly', '--month', 'March'), (e: unknown) => e instanceof CliError && e.exitCode === 2 && /--month/.test(e.message));
  });

  it('locks and unlocks a month from the CLI, audited as cli', async () => {
    await assert.rejects(cli('period', 'lock', '2026-03'), (e: unknown) => e instanceof CliError && /CONFLICT/.test(e.message));
    assert.match(await cli('period', 'lock', '2026-03', '--force', '--reason', 'payroll'), /2026-03\tlocked by cli \(cli\)/);
    assert.match(await cli('period', 'status', '2026-03'), /people 3\tconfirmed 0/);
    assert.match(await cli('period', 'unlock', '2026-03', '--reason', 'fix'), /2026-03\tconfirming|2026-03\topen/);
    const actions = ((await t.db('audit_log').where({ entity: 'period', entity_id: 'default:2026-03' }).orderBy('id')) as { action: string; actor: string }[]).map((r) => `${r.action} ${r.actor}`);
    assert.deepEqual(actions, ['force_lock cli (cli)', 'unlock cli (cli)']);
  });
});
