import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FIGURE_KEYS, type BacktestReport, type DayFigures, type Figures } from './report.js';

/** Column headers of each figure, in HR's words (Chinese after the English, as the month report does). */
const LABELS: Record<keyof Figures, string> = {
  days: 'Days 天数',
  normalDays: 'Normal days 正常',
  exceptionDays: 'Exception days 异常',
  absentDays: 'Absent days 旷工天数',
  lateCount: 'Late 迟到次数',
  lateMinutes: 'Late min 迟到分钟',
  earlyCount: 'Early 早退次数',
  earlyMinutes: 'Early min 早退分钟',
  missingCount: 'Missing 缺卡',
  absentMinutes: 'Absent min 旷工分钟',
  overtimeMinutes: 'Overtime min 加班分钟',
  vendorCompared: 'Vendor verdicts 厂商结果',
  vendorAgree: 'Agree with vendor 与厂商一致',
};

const DAY_KEYS = ['status', 'lateCount', 'lateMinutes', 'earlyCount', 'earlyMinutes', 'missingCount', 'absentMinutes', 'overtimeMinutes'] as const satisfies readonly (keyof DayFigures)[];

function addSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, name: string, headers: string[], rows: (string | number | null)[][]): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((h) => ({ header: h, width: Math.max(10, Math.min(30, h.length + 2)) }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r).commit();
  sheet.commit();
}

/** Before / after / change of every figure, for one row of a summary sheet. */
function figureCells(before: Figures, after: Figures): number[] {
  return FIGURE_KEYS.flatMap((k) => [before[k], after[k], after[k] - before[k]]);
}

const figureHeaders = FIGURE_KEYS.flatMap((k) => [`${LABELS[k]} before`, `${LABELS[k]} after`, `${LABELS[k]} Δ`]);

/**
 * The report as an XLSX: summary by department, changed employees, changed days (streamed).
 * `target` is a file path (CLI) or a writable stream (an HTTP response of the HR API).
 */
export async function writeBacktestXlsx(report: BacktestReport, target: string | Writable): Promise<void> {
  if (typeof target === 'string') mkdirSync(dirname(target), { recursive: true });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ ...(typeof target === 'string' ? { filename: target } : { stream: target }), useStyles: true });
  addSheet(book, 'Departments', ['Department 部门', ...figureHeaders], [
    ...report.departments.map((d) => [d.department, ...figureCells(d.before, d.after)]),
    ['Total 合计', ...figureCells(report.totals.before, report.totals.after)],
  ]);
  addSheet(book, 'Employees', ['Job number 工号', 'Name 姓名', 'Department 部门', 'Changed days 变化天数', ...figureHeaders], report.employees.map((e) => [e.jobNumber ?? '', e.name, e.department, e.changedDays, ...figureCells(e.before, e.after)]));
  addSheet(
    book,
    'Days',
    ['Job number 工号', 'Name 姓名', 'Department 部门', 'Date 日期', ...DAY_KEYS.flatMap((k) => [`${k} before`, `${k} after`]), 'Vendor 厂商结果'],
    report.days.map((d) => [d.jobNumber ?? '', d.name, d.department, d.date, ...DAY_KEYS.flatMap((k) => [d.before === null ? null : d.before[k], d.after[k]]), d.vendor]),
  );
  await book.commit();
}
