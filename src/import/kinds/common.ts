import type { Db } from '../../ledger/db.js';
import type { LedgerChangeInput } from '../../ledger/model.js';
import { cellText, type Cell } from '../cells.js';
import type { HeaderMap } from '../columns.js';
import type { EmployeeMatch } from '../lookup/employees.js';
import type { SheetRow } from '../read/index.js';
import { problem, type Draft, type ImportOptions, type Problem } from '../types.js';

/** A roster day as the import writes it (the ledger's roster change cannot name another tenant's shift). */
export interface RosterWrite {
  employee_id: string;
  work_date: string;
  shift_id: string | null;
}

/** What a valid file becomes: ledger changes (punches, requests) or roster rows, and the people and locked months it touches. */
export interface Plan {
  records: number;
  employeeIds: Set<string>;
  ledger: LedgerChangeInput[];
  rosters: RosterWrite[];
  lockedMonths: Set<string>;
}

export function emptyPlan(): Plan {
  return { records: 0, employeeIds: new Set(), ledger: [], rosters: [], lockedMonths: new Set() };
}

/** Everything a kind's planner looks up, and where it reports. */
export interface PlanContext {
  db: Db;
  options: ImportOptions;
  employees: ReadonlyMap<string, EmployeeMatch>;
  locked: ReadonlySet<string>;
  problems: Problem[];
  warnings: Problem[];
  skipped: number;
  /** Rows whose employee was already reported (a wide roster row is many records). */
  employeeReported: Set<number>;
}

export interface KindHandler<D extends Draft> {
  parse(header: HeaderMap, row: SheetRow): D[];
  plan(drafts: D[], ctx: PlanContext): Promise<Plan>;
}

/** The cell of a named column (narrow layout); undefined when the header lacks the column. */
export function field(header: HeaderMap, cells: readonly Cell[], name: string): Cell | undefined {
  if (header.layout !== 'narrow') return undefined;
  const i = header.index.get(name);
  return i === undefined ? undefined : (cells[i] ?? null);
}

export function hasColumn(header: HeaderMap, name: string): boolean {
  return header.layout === 'narrow' ? header.index.has(name) : name === 'employee';
}

/** Text of a required column; an empty cell is a problem (a missing column was reported at the header). */
export function required(header: HeaderMap, cells: readonly Cell[], name: string, row: number, problems: Problem[]): string {
  const text = cellText(field(header, cells, name));
  if (text === '' && hasColumn(header, name)) problems.push(problem(row, name, 'required', `${name} is empty`));
  return text;
}

/**
 * The employee of a draft. Unknown: a problem, or with `--skip-unknown` a warning and the row is
 * skipped with all its other problems (it is not imported, so they do not matter).
 */
export function employeeOf(d: Draft, ctx: PlanContext): string | null {
  if (d.employeeRef === '') {
    ctx.problems.push(...d.problems);
    return null;
  }
  const match = ctx.employees.get(d.employeeRef) ?? { unknown: true as const };
  if ('id' in match) {
    if (d.problems.length === 0) return match.id;
    ctx.problems.push(...d.problems);
    return null;
  }
  if (ctx.employeeReported.has(d.row)) return null;
  ctx.employeeReported.add(d.row);
  if ('unknown' in match) {
    const p = problem(d.row, 'employee', 'unknown_employee', `unknown employee "${d.employeeRef}" (no job number or vendor:userid matches)`);
    if (ctx.options.skipUnknown) {
      ctx.warnings.push({ ...p, message: `${p.message}: row skipped` });
      ctx.skipped += 1;
    } else ctx.problems.push(p, ...d.problems);
    return null;
  }
  ctx.problems.push(problem(d.row, 'employee', 'ambiguous_employee', `"${d.employeeRef}" names ${match.ambiguous.length} employees (${match.ambiguous.join(', ')})`), ...d.problems);
  return null;
}

/** Rows that mean the same record: the later one is a problem naming the first. */
export class Duplicates {
  private readonly first = new Map<string, number>();
  check(key: string, row: number, column: string | null, what: string, ctx: PlanContext): boolean {
    const earlier = this.first.get(key);
    if (earlier === undefined) {
      this.first.set(key, row);
      return false;
    }
    ctx.problems.push(problem(row, column, 'duplicate_row', `duplicates row ${earlier} (${what})`));
    return true;
  }
}

/** A locked month is refused unless `--into-adjustments`; then it is recorded for the audit and the report. */
export function checkLocked(months: Iterable<string>, row: number, column: string, ctx: PlanContext, plan: Plan): boolean {
  let ok = true;
  for (const month of new Set(months)) {
    if (!ctx.locked.has(month)) continue;
    if (ctx.options.intoAdjustments) plan.lockedMonths.add(month);
    else {
      ctx.problems.push(problem(row, column, 'locked_month', `${month} is locked for payroll; use --into-adjustments to record the change in the next open month`));
      ok = false;
    }
  }
  return ok;
}

/** Months from one ISO date to another, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (let month = from.slice(0, 7); month <= last && out.length < 1200; ) {
    out.push(month);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
    month = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}
