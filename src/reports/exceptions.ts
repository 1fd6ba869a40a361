import type { Db } from '../ledger/db.js';
import type { DayResult } from '../rules/index.js';
import { checkpointText } from './monthly.js';
import { applyFilter, type ReportFilter } from './scope.js';

/** A day that needs HR's attention: an exception or an absence, with the rules' reasons. */
export interface ExceptionRow {
  employeeId: string;
  name: string;
  jobNumber: string | null;
  department: string | null;
  date: string;
  status: string;
  dayType: string;
  lateMinutes: number;
  earlyMinutes: number;
  missingCount: number;
  absentMinutes: number;
  checkpoints: string;
  reasons: string[];
}

/** The exceptions and absences of one date, within the filter, by department and name. */
export async function buildDailyExceptions(db: Db, date: string, filter: ReportFilter): Promise<ExceptionRow[]> {
  const q = db('day_results as r')
    .join('employees as e', 'e.id', 'r.employee_id')
    .leftJoin('departments as d', 'd.id', 'e.department_id')
    .select('r.employee_id', 'e.name', 'e.job_number', 'd.name as department', 'r.result')
    .where('r.work_date', date)
    .whereIn('r.status', ['exception', 'absent'])
    .orderBy([{ column: 'd.name' }, { column: 'e.name' }, { column: 'e.id' }]);
  const rows = (await applyFilter(db, q, filter, 'r.employee_id', 'e.department_id')) as { employee_id: string; name: string; job_number: string | null; department: string | null; result: string }[];
  return rows.map((row) => {
    const r = JSON.parse(row.result) as DayResult;
    return {
      employeeId: row.employee_id, name: row.name, jobNumber: row.job_number, department: row.department, date: r.date, status: r.status, dayType: r.dayType,
      lateMinutes: r.lateMinutes, earlyMinutes: r.earlyMinutes, missingCount: r.missingCount, absentMinutes: r.absentMinutes,
      checkpoints: checkpointText(r),
      reasons: r.reasons,
    };
  });
}
