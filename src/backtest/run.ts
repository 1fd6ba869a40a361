import type { Policy } from '../../config/schema.js';
import { buildDays } from '../compute/days.js';
import { loadInputs } from '../compute/inputs.js';
import { ValidationError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import type { DayKey } from '../ledger/model.js';
import { computeParsedDay, type DayResult } from '../rules/index.js';
import { addDays, daysBetween, isIsoDate } from '../rules/time.js';
import { applyCandidate, checkAgainstCatalog, loadCatalog } from './apply.js';
import type { BacktestPolicy } from './policy.js';
import { addDay, dayFigures, emptyFigures, sameFigures, Tally, type BacktestReport, type DayChange, type EmployeeChange, type Person } from './report.js';
import { employeesInScope, expectedDates, type ScopedEmployee } from './scope.js';

export interface BacktestOptions {
  from: string;
  to: string;
  candidate: BacktestPolicy;
  /** The configured policy; the candidate's `outOfRange` overrides its fallback. */
  policy: Policy;
  defaultTimezone: string;
  /** Department id or name; its sub-departments are included. */
  department?: string;
  /** Employees per batch: bounds memory on months of history. */
  batchSize?: number;
}

/** Half a year and a little more: what HR validates new rules on, with room for a quarter boundary. */
const MAX_DAYS = 400;

function checkRange(from: string, to: string): string[] {
  const issues: { path: string; message: string }[] = [];
  if (!isIsoDate(from)) issues.push({ path: 'from', message: 'expected YYYY-MM-DD' });
  if (!isIsoDate(to)) issues.push({ path: 'to', message: 'expected YYYY-MM-DD' });
  if (issues.length === 0 && to < from) issues.push({ path: 'to', message: 'must not be before from' });
  if (issues.length === 0 && daysBetween(from, to) >= MAX_DAYS) issues.push({ path: 'to', message: `at most ${MAX_DAYS} days` });
  if (issues.length > 0) throw new ValidationError('The backtest range is invalid.', issues);
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

async function storedResults(db: Db, ids: readonly string[], from: string, to: string): Promise<Map<string, DayResult>> {
  const rows = (await db('day_results').select('employee_id', 'work_date', 'result').whereIn('employee_id', [...ids]).whereBetween('work_date', [from, to])) as { employee_id: string; work_date: string; result: string }[];
  return new Map(rows.map((r) => [`${r.employee_id}|${r.work_date}`, JSON.parse(r.result) as DayResult]));
}

async function vendorVerdicts(db: Db, ids: readonly string[], from: string, to: string): Promise<Map<string, string>> {
  const rows = (await db('vendor_day_results')
    .select('employee_id', 'work_date', 'status')
    .whereIn('employee_id', [...ids])
    .whereBetween('work_date', [from, to])
    .orderBy('tenant_id')) as { employee_id: string; work_date: string; status: string }[];
  const out = new Map<string, string>();
  // An employee on both vendors: the first tenant's verdict stands for the day.
  for (const r of rows) if (!out.has(`${r.employee_id}|${r.work_date}`)) out.set(`${r.employee_id}|${r.work_date}`, r.status);
  return out;
}

const person = (e: ScopedEmployee): Person => ({ employeeId: e.id, name: e.name, jobNumber: e.jobNumber, department: e.department });

/**
 * Recomputes a period with a candidate rule set and compares it with the stored results and the
 * vendors' verdicts. Reads only: nothing is written, so it is safe on a live ledger.
 */
export async function runBacktest(db: Db, opts: BacktestOptions): Promise<BacktestReport> {
  const dates = checkRange(opts.from, opts.to);
  const catalog = await loadCatalog(db);
  checkAgainstCatalog(opts.candidate, catalog);
  const employees = await employeesInScope(db, opts.department);
  const totals = { before: emptyFigures(), after: emptyFigures() };
  const departments = new Tally();
  const perEmployee = new Tally();
  const changed = new Map<string, number>();
  const days: DayChange[] = [];
  let computed = 0;
  let withoutCurrentResult = 0;
  const size = opts.batchSize ?? 200;
  for (let i = 0; i < employees.length; i += size) {
    const batch = employees.slice(i, i + size);
    const ids = batch.map((e) => e.id);
    const stored = await storedResults(db, ids, opts.from, opts.to);
    const vendor = await vendorVerdicts(db, ids, opts.from, opts.to);
    const wanted = new Map<string, Set<string>>(batch.map((e) => [e.id, new Set(expectedDates(e, dates))]));
    for (const key of stored.keys()) {
      const [employeeId, date] = key.split('|') as [string, string];
      wanted.get(employeeId)?.add(date);
    }
    const keys: DayKey[] = [...wanted].flatMap(([employeeId, set]) => [...set].map((workDate) => ({ employeeId, workDate })));
    if (keys.length === 0) continue;
    const candidate = await applyCandidate(db, await loadInputs(db, keys), opts.candidate, catalog, opts.policy);
    const byId = new Map(batch.map((e) => [e.id, e]));
    for (const b of buildDays(candidate.inputs, wanted, candidate.policy, opts.defaultTimezone)) {
      const e = byId.get(b.employeeId);
      if (e === undefined) continue;
      computed += 1;
      const key = `${b.employeeId}|${b.day.date}`;
      const after = computeParsedDay(b.day);
      const before = stored.get(key) ?? null;
      const verdict = vendor.get(key) ?? null;
      const dept = departments.get(e.department);
      const mine = perEmployee.get(e.id);
      for (const t of [totals, dept, mine]) {
        if (before !== null) addDay(t.before, before, verdict);
        addDay(t.after, after, verdict);
      }
      if (before === null) withoutCurrentResult += 1;
      const beforeFigures = before === null ? null : dayFigures(before);
      const afterFigures = dayFigures(after);
      if (!sameFigures(beforeFigures, afterFigures)) {
        changed.set(e.id, (changed.get(e.id) ?? 0) + 1);
        days.push({ ...person(e), date: b.day.date, before: beforeFigures, after: afterFigures, vendor: verdict });
      }
    }
  }
  const changedEmployees: EmployeeChange[] = employees
    .filter((e) => changed.has(e.id))
    .map((e) => ({ ...person(e), changedDays: changed.get(e.id) ?? 0, ...perEmployee.get(e.id) }));
  days.sort((a, b) => a.department.localeCompare(b.department) || (a.jobNumber ?? '').localeCompare(b.jobNumber ?? '') || a.employeeId.localeCompare(b.employeeId) || a.date.localeCompare(b.date));
  return {
    from: opts.from,
    to: opts.to,
    department: opts.department ?? null,
    computed,
    withoutCurrentResult,
    totals,
    departments: [...departments.rows].sort(([a], [b]) => a.localeCompare(b)).map(([department, f]) => ({ department, ...f })),
    employees: changedEmployees,
    days,
  };
}
