import { z } from 'zod';
import { EVERYONE, type Role } from '../api/auth/roles.js';
import { departmentId, isoDate } from '../api/schemas.js';
import type { Db } from '../ledger/db.js';
import { monthRange, monthSchema } from '../periods/month.js';
import { buildBalanceReport } from './balances.js';
import { monthSheets } from './columns.js';
import { departmentSummary } from './departments.js';
import { buildDailyExceptions } from './exceptions.js';
import { buildMonthReport } from './monthly.js';
import { differenceClass, reconcileDays, summarise } from './reconcile.js';
import { balanceRowSchema, departmentRowSchema, differenceRowSchema, exceptionRowSchema, formatParam, monthRowSchema } from './schemas.js';
import { filteredEmployeeIds, type ReportFilter } from './scope.js';
import { hours, sheet, type Sheet } from './sheet.js';

/** A built report: the JSON body, and the sheets of the file formats (the first one is the CSV). */
export interface ReportOutput {
  json: unknown;
  sheets: Sheet[];
  /** File name without extension, e.g. `monthly-2026-03`. */
  basename: string;
}

/** One report kind: what the API route, the download router and the CLI all build from. */
export interface ReportKind {
  name: string;
  summary: string;
  roles: readonly Role[];
  query: z.ZodType;
  response: z.ZodType;
  build(db: Db, query: unknown, filter: ReportFilter): Promise<ReportOutput>;
}

function defineReport<Q extends z.ZodType>(spec: Omit<ReportKind, 'query' | 'build'> & { query: Q; build(db: Db, q: z.output<Q>, f: ReportFilter): Promise<ReportOutput> }): ReportKind {
  // Callers parse with `query` first, so the cast only restores the type the schema gave.
  return { ...spec, build: (db, q, f) => spec.build(db, q as z.output<Q>, f) };
}

const MANAGERS_UP: readonly Role[] = ['manager', 'hr', 'admin', 'system'];
const department = departmentId.optional().describe('this department and its sub-departments');
const monthQuery = z.strictObject({ month: monthSchema, department, format: formatParam });

export const monthlyReport = defineReport({
  name: 'monthly',
  summary: 'Month summary per employee: required/actual days, hours, late/serious late/early, missing in/out, absence, leave by type, trips, overtime by day type, 调休 earned and used',
  roles: EVERYONE,
  query: monthQuery,
  response: z.object({ month: z.string(), employees: z.array(monthRowSchema) }),
  async build(db, q, filter) {
    const report = await buildMonthReport(db, q.month, filter);
    const { summary, days } = monthSheets(report);
    return { json: { month: report.month, employees: report.employees }, sheets: [summary, days], basename: `monthly-${q.month}` };
  },
});

export const dailyExceptionsReport = defineReport({
  name: 'daily-exceptions',
  summary: 'The exceptions and absences of one day, with the rules’ reasons',
  roles: EVERYONE,
  query: z.strictObject({ date: isoDate, department, format: formatParam }),
  response: z.object({ date: z.string(), exceptions: z.array(exceptionRowSchema) }),
  async build(db, q, filter) {
    const rows = await buildDailyExceptions(db, q.date, filter);
    const s = sheet(`Exceptions ${q.date}`, [
      { header: 'Job number 工号', value: (r) => r.jobNumber ?? '' },
      { header: 'Name 姓名', value: (r) => r.name },
      { header: 'Department 部门', value: (r) => r.department ?? '' },
      { header: 'Status 状态', value: (r) => r.status },
      { header: 'Late min 迟到(分钟)', value: (r) => r.lateMinutes },
      { header: 'Early min 早退(分钟)', value: (r) => r.earlyMinutes },
      { header: 'Missing 缺卡', value: (r) => r.missingCount },
      { header: 'Absent min 旷工(分钟)', value: (r) => r.absentMinutes },
      { header: 'Checkpoints 打卡', value: (r) => r.checkpoints, width: 40 },
      { header: 'Reasons 原因', value: (r) => r.reasons.join('; '), width: 60 },
    ], rows);
    return { json: { date: q.date, exceptions: rows }, sheets: [s], basename: `daily-exceptions-${q.date}` };
  },
});

export const departmentsReport = defineReport({
  name: 'departments',
  summary: 'Month summary per department (its direct members)',
  roles: MANAGERS_UP,
  query: monthQuery,
  response: z.object({ month: z.string(), departments: z.array(departmentRowSchema) }),
  async build(db, q, filter) {
    const rows = departmentSummary((await buildMonthReport(db, q.month, filter)).employees);
    const s = sheet(`Departments ${q.month}`, [
      { header: 'Department 部门', value: (r) => r.department ?? '' },
      { header: 'People 人数', value: (r) => r.people },
      { header: 'Required days 应出勤天数', value: (r) => r.workdays },
      { header: 'Actual days 实际出勤天数', value: (r) => r.actualDays },
      { header: 'Attendance rate 出勤率', value: (r) => r.attendanceRate },
      { header: 'Worked hours 工作时长', value: (r) => hours(r.workedMinutes) },
      { header: 'Late 迟到次数', value: (r) => r.lateCount },
      { header: 'Early 早退次数', value: (r) => r.earlyCount },
      { header: 'Missing 缺卡次数', value: (r) => r.missingCount },
      { header: 'Absent days 旷工天数', value: (r) => r.absentDays },
      { header: 'Leave hours 请假时长', value: (r) => hours(r.leaveMinutes) },
      { header: 'Trip hours 出差外出时长', value: (r) => hours(r.tripMinutes) },
      { header: 'Overtime hours 加班时长', value: (r) => hours(r.overtimeMinutes) },
      { header: '调休 earned hours 调休获得', value: (r) => hours(r.timeOffEarnedMinutes) },
      { header: '调休 used hours 调休使用', value: (r) => hours(r.timeOffUsedMinutes) },
    ], rows);
    return { json: { month: q.month, departments: rows }, sheets: [s], basename: `departments-${q.month}` };
  },
});

export const reconciliationReport = defineReport({
  name: 'reconciliation',
  summary: 'Where our day results differ from the vendors’ own verdicts, by class and by day',
  roles: MANAGERS_UP,
  query: monthQuery,
  response: z.object({
    month: z.string(),
    summary: z.object({ compared: z.number(), agree: z.number(), differences: z.record(z.string(), z.number()), byCause: z.record(z.string(), z.number()) }),
    differences: z.array(differenceRowSchema),
  }),
  async build(db, q, filter) {
    const ids = await filteredEmployeeIds(db, filter);
    const compared = (await reconcileDays(db, monthRange(q.month))).filter((d) => ids.has(d.employeeId));
    const names = new Map(((await db('employees').select('id', 'name').whereIn('id', [...new Set(compared.map((d) => d.employeeId))])) as { id: string; name: string }[]).map((e) => [e.id, e.name]));
    const rows = compared.flatMap((d) => {
      const difference = differenceClass(d);
      return difference === null ? [] : [{ ...d, name: names.get(d.employeeId) ?? d.employeeId, difference }];
    });
    rows.sort((a, b) => a.workDate.localeCompare(b.workDate) || a.name.localeCompare(b.name));
    const s = sheet(`Reconciliation ${q.month}`, [
      { header: 'Date 日期', value: (r) => r.workDate },
      { header: 'Name 姓名', value: (r) => r.name },
      { header: 'Tenant 租户', value: (r) => r.tenantId },
      { header: 'Ours 本系统', value: (r) => r.ours ?? '' },
      { header: 'Vendor 厂商', value: (r) => r.vendor ?? '' },
      { header: 'Difference 差异', value: (r) => r.difference },
      { header: 'Likely cause 原因', value: (r) => r.cause ?? '' },
    ], rows);
    return { json: { month: q.month, summary: summarise(compared), differences: rows }, sheets: [s], basename: `reconciliation-${q.month}` };
  },
});

export const balancesReport = defineReport({
  name: 'balances',
  summary: 'Leave and 调休 balances over the month: opening, earned, used, expired, adjusted, closing',
  roles: EVERYONE,
  query: monthQuery,
  response: z.object({ month: z.string(), balances: z.array(balanceRowSchema) }),
  async build(db, q, filter) {
    const rows = await buildBalanceReport(db, q.month, filter);
    const s = sheet(`Balances ${q.month}`, [
      { header: 'Name 姓名', value: (r) => r.name },
      { header: 'Kind 类型', value: (r) => r.kind },
      { header: 'Opening hours 期初', value: (r) => hours(r.openingMinutes) },
      { header: 'Earned hours 获得', value: (r) => hours(r.earnedMinutes) },
      { header: 'Used hours 使用', value: (r) => hours(r.usedMinutes) },
      { header: 'Expired hours 过期', value: (r) => hours(r.expiredMinutes) },
      { header: 'Adjusted hours 调整', value: (r) => hours(r.adjustedMinutes) },
      { header: 'Closing hours 期末', value: (r) => hours(r.closingMinutes) },
    ], rows);
    return { json: { month: q.month, balances: rows }, sheets: [s], basename: `balances-${q.month}` };
  },
});

export const REPORT_KINDS: readonly ReportKind[] = [monthlyReport, dailyExceptionsReport, departmentsReport, reconciliationReport, balancesReport];
