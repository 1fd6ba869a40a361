import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../clock.js';
import { recomputeDirty } from '../compute/recompute.js';
import { importFile } from '../import/index.js';
import { applyChanges } from '../ledger/apply.js';
import { freshDb } from './db.js';
import { benchOrg } from './fixtures.js';
import { round, timed, type Bench } from './harness.js';

const ZONE = 'Asia/Shanghai';

/** Writes `rows` punches (two a working day per employee, from 2026-03-02) with exceljs's streaming writer. */
async function writePunchFile(path: string, rows: number, employees: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet('punches');
  sheet.addRow(['工号', '打卡时间', '备注']).commit();
  let written = 0;
  for (let day = DateTime.fromISO('2026-03-02', { zone: 'UTC' }); written < rows; day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    const date = day.toISODate() as string;
    for (let e = 0; e < employees && written < rows; e++) {
      const jitter = (e * 7 + day.day * 13) % 20; // deterministic minutes of spread
      for (const [h, m] of [[8, 40 + jitter], [18, jitter]] as const) {
        if (written >= rows) break;
        sheet.addRow([`J${e}`, `${date} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, e % 10 === 0 ? 'imported' : '']).commit();
        written += 1;
      }
    }
  }
  sheet.commit();
  await book.commit();
}

/** Peak resident set size while `fn` runs, sampled every 25 ms. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number; startMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: Math.round(peak / 1_048_576), startMb: Math.round(start / 1_048_576) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * `import punches` of a large XLSX into a fresh SQLite ledger, as the CLI runs it: stream-read,
 * validate, write in one transaction, recompute the dirty days. Then the same file again
 * (idempotent: nothing written).
 */
export const importBench: Bench = {
  name: 'import',
  async run(ctx) {
    const rows = ctx.quick ? 20_000 : 100_000;
    const employees = ctx.quick ? 500 : 2000;
    const work = mkdtempSync(join(tmpdir(), 'ab-bench-import-'));
    const file = join(work, 'punches.xlsx');
    const { db, drop } = await freshDb('sqlite', ctx.mysqlUrl, 'import');
    const clock = new ManualClock(Date.parse('2026-05-01T00:00:00Z'));
    const policy = loadConfig({}).policy;
    try {
      ctx.log(`import: writing ${rows} punch rows for ${employees} employees`);
      await writePunchFile(file, rows, employees);
      const org = benchOrg(employees).map((c) => (c.kind === 'employee' ? { ...c, jobNumber: `J${c.externalUserId.slice(1)}` } : c));
      await applyChanges(db, { id: 'bench', timezone: ZONE }, org, clock);
      const options = { timezone: ZONE, clock, policy, recompute: false };
      const { value: run, peakMb, startMb } = await withPeakRss(async () => {
        const load = await timed(() => importFile(db, 'punches', file, options));
        const recompute = await timed(() => recomputeDirty(db, { clock, policy, defaultTimezone: ZONE }));
        return { load, recompute };
      });
      const report = run.load.value;
      if (!report.ok || report.created !== rows) throw new Error(`import bench: expected ${rows} rows created, got ${report.created} (${report.problems.length} problems)`);
      const replay = await timed(() => importFile(db, 'punches', file, options));
      if (replay.value.written !== 0) throw new Error(`import bench: a replay wrote ${replay.value.written} rows`);
      const seconds = run.load.seconds + run.recompute.seconds;
      return [
        {
          bench: 'import',
          value: Math.round(rows / seconds),
          unit: 'rows/s',
          baseline: null,
          ratio: null,
          rows,
          peak_rss_mb: peakMb,
          rss_before_mb: startMb,
          import_s: round(run.load.seconds, 2),
          recompute_s: round(run.recompute.seconds, 2),
          employee_days: run.recompute.value.computed,
          replay_rows_per_s: Math.round(rows / replay.seconds),
        },
      ];
    } finally {
      await drop();
      rmSync(work, { recursive: true, force: true });
    }
  },
};
