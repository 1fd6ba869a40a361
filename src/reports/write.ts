import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { MonthReport, MonthRow } from './monthly.js';

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** The summary columns, shared by the XLSX summary sheet and the CSV, in HR's order. */
function summaryColumns(leaveTypes: string[]): { header: string; value: (r: MonthRow) => string | number }[] {
  return [
    { header: 'Job number 工号', value: (r) => r.jobNumber ?? '' },
    { header: 'Name 姓名', value: (r) => r.name },
    { header: 'Department 部门', value: (r) => r.department ?? '' },
    { header: 'Workdays 应出勤天数', value: (r) => r.workdays },
    { header: 'Normal days 正常天数', value: (r) => r.normalDays },
    { header: 'Exception days 异常天数', value: (r) => r.exceptionDays },
    { header: 'Absent days 旷工天数', value: (r) => r.absentDays },
    { header: 'Expected hours 应出勤时长', value: (r) => hours(r.expectedMinutes) },
    { header: 'Worked hours 实际工作时长', value: (r) => hours(r.workedMinutes) },
    { header: 'Late 迟到次数', value: (r) => r.lateCount },
    { header: 'Late minutes 迟到分钟', value: (r) => r.lateMinutes },
    { header: 'Early 早退次数', value: (r) => r.earlyCount },
    { header: 'Early minutes 早退分钟', value: (r) => r.earlyMinutes },
    { header: 'Missing punches 缺卡次数', value: (r) => r.missingCount },
    { header: 'Absent minutes 旷工分钟', value: (r) => r.absentMinutes },
    ...leaveTypes.map((t) => ({ header: `Leave ${t} hours 请假(${t})`, value: (r: MonthRow) => hours(r.leaveMinutes[t] ?? 0) })),
    { header: 'Trip hours 出差/外出时长', value: (r) => hours(r.tripMinutes) },
    { header: 'Location exceptions 地点异常', value: (r) => r.locationExceptions },
    { header: 'Overtime hours 加班时长', value: (r) => hours(r.overtimeMinutes) },
  ];
}

function leaveTypesOf(report: MonthReport): string[] {
  return [...new Set(report.employees.flatMap((r) => Object.keys(r.leaveMinutes)))].sort();
}

/** Writes the month as an XLSX (summary + days sheets, streamed) and the summary as UTF-8 CSV with BOM (Excel opens it in Chinese). */
export async function writeMonthReport(report: MonthReport, xlsxPath: string, csvPath: string): Promise<void> {
  mkdirSync(dirname(xlsxPath), { recursive: true });
  const columns = summaryColumns(leaveTypesOf(report));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsxPath, useStyles: true });
  const summary = book.addWorksheet(`Summary ${report.month}`, { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = columns.map((c) => ({ header: c.header, width: Math.max(12, c.header.length + 2) }));
  summary.getRow(1).font = { bold: true };
  for (const r of report.employees) summary.addRow(columns.map((c) => c.value(r))).commit();
  summary.commit();
  const detail = book.addWorksheet('Days', { views: [{ state: 'frozen', ySplit: 1 }] });
  detail.columns = ['Employee', 'Date', 'Day type', 'Status', 'Expected min', 'Worked min', 'Late min', 'Early min', 'Missing', 'Absent min', 'Overtime min', 'Checkpoints'].map((h) => ({ header: h, width: h === 'Checkpoints' ? 60 : 14 }));
  detail.getRow(1).font = { bold: true };
  for (const d of report.days) {
    detail.addRow([d.name, d.date, d.dayType, d.status, d.expectedMinutes, d.workedMinutes, d.lateMinutes, d.earlyMinutes, d.missingCount, d.absentMinutes, d.overtimeMinutes, d.checkpoints]).commit();
  }
  detail.commit();
  await book.commit();
  const csv = stringify([columns.map((c) => c.header), ...report.employees.map((r) => columns.map((c) => c.value(r)))], { bom: true });
  writeFileSync(csvPath, csv);
}
