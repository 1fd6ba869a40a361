import type { MonthRow } from './monthly.js';

/** The per-employee counters a department row adds up. */
const SUMMED = [
  'workdays', 'actualDays', 'normalDays', 'exceptionDays', 'absentDays', 'expectedMinutes', 'workedMinutes', 'lateCount', 'lateMinutes', 'seriousLateCount',
  'earlyCount', 'earlyMinutes', 'missingCount', 'absentMinutes', 'tripDays', 'tripMinutes', 'overtimeMinutes', 'timeOffEarnedMinutes', 'timeOffUsedMinutes',
] as const satisfies readonly (keyof MonthRow)[];
type Summed = (typeof SUMMED)[number];

export type DepartmentRow = { departmentId: string | null; department: string | null; people: number; leaveMinutes: number; attendanceRate: number } & Record<Summed, number>;

/** A month per department (its direct members), summed from the employee rows so both reports agree. */
export function departmentSummary(employees: readonly MonthRow[]): DepartmentRow[] {
  const out = new Map<string | null, DepartmentRow>();
  for (const e of employees) {
    let d = out.get(e.departmentId);
    if (d === undefined) {
      d = { departmentId: e.departmentId, department: e.department, people: 0, leaveMinutes: 0, attendanceRate: 0, ...(Object.fromEntries(SUMMED.map((k) => [k, 0])) as Record<Summed, number>) };
      out.set(e.departmentId, d);
    }
    d.people += 1;
    for (const k of SUMMED) d[k] += e[k];
    d.leaveMinutes += Object.values(e.leaveMinutes).reduce((s, m) => s + m, 0);
  }
  const rows = [...out.values()];
  // Attendance rate: actual days over required days, as both vendors' department reports show it.
  for (const d of rows) d.attendanceRate = d.workdays === 0 ? 0 : Math.round((d.actualDays / d.workdays) * 1000) / 1000;
  return rows.sort((a, b) => (a.department ?? '').localeCompare(b.department ?? '') || (a.departmentId ?? '').localeCompare(b.departmentId ?? ''));
}
