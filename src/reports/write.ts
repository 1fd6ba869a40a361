import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { monthSheets } from './columns.js';
import type { MonthReport } from './monthly.js';
import { toCsv, writeXlsx } from './sheet.js';

/** Writes the month as an XLSX (summary + days sheets, streamed) and the summary as UTF-8 CSV with BOM (Excel opens it in Chinese). */
export async function writeMonthReport(report: MonthReport, xlsxPath: string, csvPath: string): Promise<void> {
  mkdirSync(dirname(xlsxPath), { recursive: true });
  const { summary, days } = monthSheets(report);
  await writeXlsx([summary, days], { filename: xlsxPath });
  mkdirSync(dirname(csvPath), { recursive: true });
  writeFileSync(csvPath, toCsv(summary));
}
