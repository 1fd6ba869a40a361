import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadConfig } from '../../config/load.js';
import { runDemo } from '../../src/demo/run.js';
import type { DemoSummary } from '../../src/demo/summary.js';

/** The README's main job, small: two sandboxes, every stage, then a second run that writes nothing. */
describe('demo end to end (small company)', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'ab-demo-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'ledger.sqlite')}`, LOG_LEVEL: 'silent' });
  const run = async (): Promise<DemoSummary> => {
    let summary: DemoSummary | undefined;
    await runDemo({ config, employees: 40, seed: 11, outDir: join(dir, 'out'), serve: false, progress: false, onSummary: (s) => (summary = s) });
    assert.ok(summary);
    return summary;
  };
  let first: DemoSummary;

  before(async () => {
    first = await run();
  });

  it('pulls both tenants, receives callbacks, takes device punches and computes every day', () => {
    assert.equal(first.employees, 40);
    assert.ok((first.punches['wecom-demo'] ?? 0) > 0 && (first.punches['dingtalk-demo'] ?? 0) > 0, JSON.stringify(first.punches));
    assert.ok(first.callbacks.delivered > 0 && first.callbacks.applied === first.callbacks.delivered);
    assert.ok(first.device.punches > 0 && first.device.unknownPins.includes('99999'));
    assert.equal(first.writeBacks.done, first.device.writeBacksQueued, 'every device punch written back to WeCom');
    const days = Object.values(first.dayStatuses).reduce((a, b) => a + b, 0);
    const [y, m] = first.month.split('-').map(Number) as [number, number];
    assert.equal(days, 40 * new Date(Date.UTC(y, m, 0)).getUTCDate(), 'one result per employee-day of the month');
    assert.ok(first.reconciliation.agree / first.reconciliation.compared > 0.8, JSON.stringify(first.reconciliation));
    const punches = first.vendorCalls.byStream.punches;
    assert.ok(punches && punches.used === punches.minimum, JSON.stringify(first.vendorCalls.byStream));
  });

  it('writes a monthly report that opens, one summary row per employee', async () => {
    assert.ok(existsSync(first.report.csv));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(first.report.xlsx);
    assert.equal(book.worksheets[0]!.rowCount, 1 + 40);
  });

  it('a second run gives the same numbers and writes nothing new', async () => {
    const second = await run();
    assert.deepEqual(second.dayStatuses, first.dayStatuses);
    assert.deepEqual(second.punches, first.punches);
    assert.deepEqual(second.reconciliation, first.reconciliation);
    assert.equal(second.pulls.written, 0);
    assert.equal(second.callbacks.applied, 0);
    assert.equal(second.recompute.written, 0);
    assert.equal(second.device.writeBacksQueued, 0);
    assert.equal(second.writeBacks.done, 0);
  });
});
