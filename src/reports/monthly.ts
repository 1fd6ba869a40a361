import { TIME_OFF_KIND } from '../api/balances.js';
import type { Db } from '../ledger/db.js';
import { monthRange } from '../periods/month.js';
import type { DayResult } from '../rules/index.js';
import { WHOLE_ORGANISATION, applyFilter, type ReportFilter } from './scope.js';

export type OvertimeDayType = 'workday' | 'restday' | 'holiday';

/**
 * One employee's month, summed from their day results. The columns cover the union of the
 * WeCom and DingTalk month reports, so HR can compare with either vendor's own.
 */
export interface MonthRow {
  employeeId: string;
  name: string;
  jobNumber: string | null;
  departmentId: string | null;
  department: string | null;
  days: number;
  /** Required days (应出勤天数): days with expected working time. */
  workdays: number;
  /** Actual days (实际出勤天数): days with worked time. */
  actualDays: number;
  normalDays: number;
  exceptionDays: number;
  absentDays: number;
  expectedMinutes: number;
  workedMinutes: number;
  lateCount: number;
  lateMinutes: number;
  /** Of the late arrivals, the serious ones (严重迟到) and their minutes. */
  seriousLateCount: number;
  seriousLateMinutes: number;
  /** Late so far that it counts as absence (旷工迟到). */
  absentLateCount: number;
  earlyCount: number;
  earlyMinutes: number;
  missingCount: number;
  missingInCount: number;
  missingOutCount: number;
  absentMinutes: number;
  leaveMinutes: Record<string, number>;
  tripDays: number;
  tripMinutes: number;
  fieldCount: number;
  locationExceptions: number;
  overtimeMinutes: number;
  overtimeByDayType: Record<OvertimeDayType, number>;
  /** 调休 from the balances ledger, entries effective in the month: earned, and used net of refunds. */
  timeOffEarnedMinutes: number;
  timeOffUsedMinutes: number;
}

/** One employee-day, as the detail sheet shows it. */
export interface DayRow {
  employeeId: string;
  name: string;
  date: string;
  dayType: string;
  status: string;
  expectedMinutes: number;
  workedMinutes: number;
  lateMinutes: number;
  earlyMinutes: number;
  missingCount: number;
  absentMinutes: number;
  overtimeMinutes: number;
  checkpoints: string;
}

export interface MonthReport {
  month: string;
  employees: MonthRow[];
  days: DayRow[];
}

interface EmployeeRow {
  id: string;
  name: string;
  job_number: string | null;
  department_id: string | null;
  department: string | null;
}

function emptyRow(e: EmployeeRow): MonthRow {
  return {
    employeeId: e.id, name: e.name, jobNumber: e.job_number, departmentId: e.department_id, department: e.department, days: 0, workdays: 0, actualDays: 0,
    normalDays: 0, exceptionDays: 0, absentDays: 0, expectedMinutes: 0, workedMinutes: 0, lateCount: 0, lateMinutes: 0, seriousLateCount: 0,
    seriousLateMinutes: 0, absentLateCount: 0, earlyCount: 0, earlyMinutes: 0, missingCount: 0, missingInCount: 0, missingOutCount: 0, absentMinutes: 0,
    leaveMinutes: {}, tripDays: 0, tripMinutes: 0, fieldCount: 0, locationExceptions: 0, overtimeMinutes: 0, overtimeByDayType: { workday: 0, restday: 0, holiday: 0 },
    timeOffEarnedMinutes: 0, timeOffUsedMinutes: 0,
  };
}

function add(row: MonthRow, r: DayResult): void {
  row.days += 1;
  if (r.expectedMinutes > 0) row.workdays += 1;
  if (r.workedMinutes > 0) row.actualDays += 1;
  if (r.status === 'normal') row.normalDays += 1;
  if (r.status === 'exception') row.exceptionDays += 1;
  if (r.status === 'absent') row.absentDays += 1;
  if (r.status === 'trip') row.tripDays += 1;
  row.expectedMinutes += r.expectedMinutes;
  row.workedMinutes += r.workedMinutes;
  row.lateCount += r.lateCount;
  row.lateMinutes += r.lateMinutes;
  row.seriousLateCount += r.seriousLateCount;
  row.earlyCount += r.earlyCount;
  row.earlyMinutes += r.earlyMinutes;
  row.missingCount += r.missingCount;
  for (const c of r.checkpoints) {
    if (c.result === 'seriousLate') row.seriousLateMinutes += c.minutes;
    if (c.result === 'absentLate') row.absentLateCount += 1;
    if (c.result === 'missing' && c.kind === 'in') row.missingInCount += 1;
    if (c.result === 'missing' && c.kind === 'out') row.missingOutCount += 1;
  }
  row.absentMinutes += r.absentMinutes;
  for (const [k, v] of Object.entries(r.leaveMinutes)) row.leaveMinutes[k] = (row.leaveMinutes[k] ?? 0) + v;
  row.tripMinutes += r.tripMinutes;
  row.fieldCount += r.fieldCount;
  row.locationExceptions += r.locationExceptionCount;
  row.overtimeMinutes += r.overtimeMinutes;
  row.overtimeByDayType[r.overtimeDayType] += r.overtimeMinutes;
}

/** Checkpoints as one line: `in late 09:20; out normal 18:01`. */
export function checkpointText(r: DayResult): string {
  return r.checkpoints.map((c) => `${c.kind} ${c.result}${c.actual ? ` ${c.actual.slice(11, 16)}` : ''}`).join('; ');
}

/** 调休 earned and used (spend net of refunds) per employee, from ledger entries effective in the month. */
async function timeOffOfMonth(db: Db, month: string, ids: readonly string[]): Promise<Map<string, { earned: number; used: number }>> {
  const { from, to } = monthRange(month);
  const out = new Map<string, { earned: number; used: number }>();
  for (let i = 0; i < ids.length; i += 400) {
    const rows = (await db('balances')
      .select('employee_id', 'entry_type', 'minutes')
      .where('kind', TIME_OFF_KIND)
      .whereIn('employee_id', ids.slice(i, i + 400))
      .whereBetween('effective_on', [from, to])) as { employee_id: string; entry_type: string; minutes: number }[];
    for (const r of rows) {
      const t = out.get(r.employee_id) ?? { earned: 0, used: 0 };
      if (r.entry_type === 'earn') t.earned += Number(r.minutes);
      if (r.entry_type === 'spend' || r.entry_type === 'refund') t.used -= Number(r.minutes);
      out.set(r.employee_id, t);
    }
  }
  return out;
}

/** The month's report from the current day results: every employee with a result, within the filter. */
export async function buildMonthReport(db: Db, month: string, filter: ReportFilter = WHOLE_ORGANISATION): Promise<MonthReport> {
  const { from, to } = monthRange(month);
  const people = db('employees as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select('e.id', 'e.name', 'e.job_number', 'e.department_id', 'd.name as department')
    .orderBy(['e.job_number', 'e.id']);
  const employees = (await applyFilter(db, people, filter, 'e.id', 'e.department_id')) as EmployeeRow[];
  const rows = new Map(employees.map((e) => [e.id, emptyRow(e)]));
  const days: DayRow[] = [];
  const results = db('day_results').select('employee_id', 'work_date', 'result').whereBetween('work_date', [from, to]).orderBy(['employee_id', 'work_date']);
  if (!filter.scope.all || filter.departmentIds !== undefined) results.whereIn('employee_id', applyFilter(db, db('employees as e').select('e.id'), filter, 'e.id', 'e.department_id'));
  for (const res of (await results) as { employee_id: string; work_date: string; result: string }[]) {
    const row = rows.get(res.employee_id);
    if (row === undefined) continue;
    const r = JSON.parse(res.result) as DayResult;
    add(row, r);
    days.push({
      employeeId: row.employeeId, name: row.name, date: res.work_date, dayType: r.dayType, status: r.status, expectedMinutes: r.expectedMinutes,
      workedMinutes: r.workedMinutes, lateMinutes: r.lateMinutes, earlyMinutes: r.earlyMinutes, missingCount: r.missingCount, absentMinutes: r.absentMinutes,
      overtimeMinutes: r.overtimeMinutes, checkpoints: checkpointText(r),
    });
  }
  const present = [...rows.values()].filter((r) => r.days > 0);
  const timeOff = await timeOffOfMonth(db, month, present.map((r) => r.employeeId));
  for (const r of present) {
    r.timeOffEarnedMinutes = timeOff.get(r.employeeId)?.earned ?? 0;
    r.timeOffUsedMinutes = timeOff.get(r.employeeId)?.used ?? 0;
  }
  return { month, employees: present, days };
}
