import type { Db } from '../ledger/db.js';
import type { DayResult } from '../rules/index.js';

/** One employee's month, summed from their day results. */
export interface MonthRow {
  employeeId: string;
  name: string;
  jobNumber: string | null;
  department: string | null;
  days: number;
  workdays: number;
  normalDays: number;
  exceptionDays: number;
  absentDays: number;
  expectedMinutes: number;
  workedMinutes: number;
  lateCount: number;
  lateMinutes: number;
  earlyCount: number;
  earlyMinutes: number;
  missingCount: number;
  absentMinutes: number;
  leaveMinutes: Record<string, number>;
  tripMinutes: number;
  locationExceptions: number;
  overtimeMinutes: number;
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

function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

function emptyRow(e: { id: string; name: string; job_number: string | null; department: string | null }): MonthRow {
  return {
    employeeId: e.id, name: e.name, jobNumber: e.job_number, department: e.department, days: 0, workdays: 0, normalDays: 0, exceptionDays: 0, absentDays: 0,
    expectedMinutes: 0, workedMinutes: 0, lateCount: 0, lateMinutes: 0, earlyCount: 0, earlyMinutes: 0, missingCount: 0, absentMinutes: 0, leaveMinutes: {},
    tripMinutes: 0, locationExceptions: 0, overtimeMinutes: 0,
  };
}

function add(row: MonthRow, r: DayResult): void {
  row.days += 1;
  if (r.expectedMinutes > 0) row.workdays += 1;
  if (r.status === 'normal') row.normalDays += 1;
  if (r.status === 'exception') row.exceptionDays += 1;
  if (r.status === 'absent') row.absentDays += 1;
  row.expectedMinutes += r.expectedMinutes;
  row.workedMinutes += r.workedMinutes;
  row.lateCount += r.lateCount;
  row.lateMinutes += r.lateMinutes;
  row.earlyCount += r.earlyCount;
  row.earlyMinutes += r.earlyMinutes;
  row.missingCount += r.missingCount;
  row.absentMinutes += r.absentMinutes;
  for (const [k, v] of Object.entries(r.leaveMinutes)) row.leaveMinutes[k] = (row.leaveMinutes[k] ?? 0) + v;
  row.tripMinutes += r.tripMinutes;
  row.locationExceptions += r.locationExceptionCount;
  row.overtimeMinutes += r.overtimeMinutes;
}

/** The month's report from the current day results, every active employee included. */
export async function buildMonthReport(db: Db, month: string): Promise<MonthReport> {
  const { from, to } = monthBounds(month);
  const employees = (await db('employees as e')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select('e.id', 'e.name', 'e.job_number', 'd.name as department')
    .orderBy(['e.job_number', 'e.id'])) as { id: string; name: string; job_number: string | null; department: string | null }[];
  const rows = new Map(employees.map((e) => [e.id, emptyRow(e)]));
  const days: DayRow[] = [];
  const results = (await db('day_results').select('employee_id', 'work_date', 'result').whereBetween('work_date', [from, to]).orderBy(['employee_id', 'work_date'])) as {
    employee_id: string;
    work_date: string;
    result: string;
  }[];
  for (const res of results) {
    const row = rows.get(res.employee_id);
    if (row === undefined) continue;
    const r = JSON.parse(res.result) as DayResult;
    add(row, r);
    days.push({
      employeeId: row.employeeId, name: row.name, date: res.work_date, dayType: r.dayType, status: r.status, expectedMinutes: r.expectedMinutes,
      workedMinutes: r.workedMinutes, lateMinutes: r.lateMinutes, earlyMinutes: r.earlyMinutes, missingCount: r.missingCount, absentMinutes: r.absentMinutes,
      overtimeMinutes: r.overtimeMinutes, checkpoints: r.checkpoints.map((c) => `${c.kind} ${c.result}${c.actual ? ` ${c.actual.slice(11, 16)}` : ''}`).join('; '),
    });
  }
  return { month, employees: [...rows.values()].filter((r) => r.days > 0), days };
}
