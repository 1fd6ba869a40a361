import type { DayRow, MonthReport, MonthRow } from './monthly.js';
import { hours, sheet, type Column, type Sheet } from './sheet.js';

/** The monthly summary columns in HR's order, bilingual headers; leave types vary by month. */
export function summaryColumns(leaveTypes: readonly string[]): Column<MonthRow>[] {
  return [
    { header: 'Job number 工号', value: (r) => r.jobNumber ?? '' },
    { header: 'Name 姓名', value: (r) => r.name },
    { header: 'Department 部门', value: (r) => r.department ?? '' },
    { header: 'Required days 应出勤天数', value: (r) => r.workdays },
    { header: 'Actual days 实际出勤天数', value: (r) => r.actualDays },
    { header: 'Normal days 正常天数', value: (r) => r.normalDays },
    { header: 'Exception days 异常天数', value: (r) => r.exceptionDays },
    { header: 'Required hours 应出勤时长', value: (r) => hours(r.expectedMinutes) },
    { header: 'Worked hours 工作时长', value: (r) => hours(r.workedMinutes) },
    { header: 'Late 迟到次数', value: (r) => r.lateCount },
    { header: 'Late minutes 迟到时长(分钟)', value: (r) => r.lateMinutes },
    { header: 'Serious late 严重迟到次数', value: (r) => r.seriousLateCount },
    { header: 'Serious late minutes 严重迟到时长(分钟)', value: (r) => r.seriousLateMinutes },
    { header: 'Absent-late 旷工迟到次数', value: (r) => r.absentLateCount },
    { header: 'Early 早退次数', value: (r) => r.earlyCount },
    { header: 'Early minutes 早退时长(分钟)', value: (r) => r.earlyMinutes },
    { header: 'Missing in 上班缺卡次数', value: (r) => r.missingInCount },
    { header: 'Missing out 下班缺卡次数', value: (r) => r.missingOutCount },
    { header: 'Absent days 旷工天数', value: (r) => r.absentDays },
    { header: 'Absent minutes 旷工时长(分钟)', value: (r) => r.absentMinutes },
    ...leaveTypes.map((t): Column<MonthRow> => ({ header: `Leave ${t} hours 请假-${t}(小时)`, value: (r) => hours(r.leaveMinutes[t] ?? 0) })),
    { header: 'Trip days 出差天数', value: (r) => r.tripDays },
    { header: 'Trip/outing hours 出差外出时长', value: (r) => hours(r.tripMinutes) },
    { header: 'Field punches 外勤次数', value: (r) => r.fieldCount },
    { header: 'Location exceptions 地点异常次数', value: (r) => r.locationExceptions },
    { header: 'Overtime workday hours 工作日加班', value: (r) => hours(r.overtimeByDayType.workday) },
    { header: 'Overtime rest-day hours 休息日加班', value: (r) => hours(r.overtimeByDayType.restday) },
    { header: 'Overtime holiday hours 节假日加班', value: (r) => hours(r.overtimeByDayType.holiday) },
    { header: 'Overtime hours 加班总时长', value: (r) => hours(r.overtimeMinutes) },
    { header: '调休 earned hours 调休获得', value: (r) => hours(r.timeOffEarnedMinutes) },
    { header: '调休 used hours 调休使用', value: (r) => hours(r.timeOffUsedMinutes) },
  ];
}

const dayColumns: Column<DayRow>[] = [
  { header: 'Employee 姓名', value: (d) => d.name },
  { header: 'Date 日期', value: (d) => d.date },
  { header: 'Day type 日期类型', value: (d) => d.dayType },
  { header: 'Status 状态', value: (d) => d.status },
  { header: 'Expected min 应出勤(分钟)', value: (d) => d.expectedMinutes },
  { header: 'Worked min 工作(分钟)', value: (d) => d.workedMinutes },
  { header: 'Late min 迟到(分钟)', value: (d) => d.lateMinutes },
  { header: 'Early min 早退(分钟)', value: (d) => d.earlyMinutes },
  { header: 'Missing 缺卡', value: (d) => d.missingCount },
  { header: 'Absent min 旷工(分钟)', value: (d) => d.absentMinutes },
  { header: 'Overtime min 加班(分钟)', value: (d) => d.overtimeMinutes },
  { header: 'Checkpoints 打卡', value: (d) => d.checkpoints, width: 60 },
];

export function leaveTypesOf(report: MonthReport): string[] {
  return [...new Set(report.employees.flatMap((r) => Object.keys(r.leaveMinutes)))].sort();
}

/** The summary sheet (the CSV too) and the day detail sheet of a month. */
export function monthSheets(report: MonthReport): { summary: Sheet; days: Sheet } {
  return {
    summary: sheet(`Summary ${report.month}`, summaryColumns(leaveTypesOf(report)), report.employees),
    days: sheet('Days', dayColumns, report.days),
  };
}
