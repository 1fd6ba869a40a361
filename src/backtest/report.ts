import { differenceClass } from '../reports/reconcile.js';
import type { DayResult } from '../rules/index.js';

/** What a backtest reports: the same figures before (stored results) and after (candidate rules). */

export interface Figures {
  days: number;
  normalDays: number;
  exceptionDays: number;
  absentDays: number;
  lateCount: number;
  lateMinutes: number;
  earlyCount: number;
  earlyMinutes: number;
  missingCount: number;
  absentMinutes: number;
  overtimeMinutes: number;
  /** Days with a vendor verdict, and how many of them our status agrees with. */
  vendorCompared: number;
  vendorAgree: number;
}

/** One day's figures, as the change list shows them. */
export interface DayFigures {
  status: string;
  lateCount: number;
  lateMinutes: number;
  earlyCount: number;
  earlyMinutes: number;
  missingCount: number;
  absentMinutes: number;
  overtimeMinutes: number;
}

export interface Person {
  employeeId: string;
  name: string;
  jobNumber: string | null;
  department: string;
}

export interface DayChange extends Person {
  date: string;
  /** null: the day has no stored result yet. */
  before: DayFigures | null;
  after: DayFigures;
  vendor: string | null;
}

export interface EmployeeChange extends Person {
  changedDays: number;
  before: Figures;
  after: Figures;
}

export interface BacktestReport {
  from: string;
  to: string;
  department: string | null;
  computed: number;
  /** Days computed that had no stored result (their "before" is empty). */
  withoutCurrentResult: number;
  totals: { before: Figures; after: Figures };
  departments: { department: string; before: Figures; after: Figures }[];
  employees: EmployeeChange[];
  days: DayChange[];
}

export const FIGURE_KEYS = ['days', 'normalDays', 'exceptionDays', 'absentDays', 'lateCount', 'lateMinutes', 'earlyCount', 'earlyMinutes', 'missingCount', 'absentMinutes', 'overtimeMinutes', 'vendorCompared', 'vendorAgree'] as const satisfies readonly (keyof Figures)[];

export function emptyFigures(): Figures {
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as unknown as Figures;
}

/** Our status and the vendor's mean the same to HR, by the reconciliation's own equivalences. */
export function agreesWithVendor(ours: string, vendor: string): boolean {
  return differenceClass({ employeeId: '', workDate: '', tenantId: '', ours, vendor }) === null;
}

export function dayFigures(r: DayResult): DayFigures {
  return {
    status: r.status, lateCount: r.lateCount, lateMinutes: r.lateMinutes, earlyCount: r.earlyCount, earlyMinutes: r.earlyMinutes, missingCount: r.missingCount,
    absentMinutes: r.absentMinutes, overtimeMinutes: r.overtimeMinutes,
  };
}

export function sameFigures(a: DayFigures | null, b: DayFigures): boolean {
  return a !== null && (Object.keys(b) as (keyof DayFigures)[]).every((k) => a[k] === b[k]);
}

export function addDay(f: Figures, r: DayResult, vendor: string | null): void {
  f.days += 1;
  if (r.status === 'normal') f.normalDays += 1;
  if (r.status === 'exception') f.exceptionDays += 1;
  if (r.status === 'absent') f.absentDays += 1;
  f.lateCount += r.lateCount;
  f.lateMinutes += r.lateMinutes;
  f.earlyCount += r.earlyCount;
  f.earlyMinutes += r.earlyMinutes;
  f.missingCount += r.missingCount;
  f.absentMinutes += r.absentMinutes;
  f.overtimeMinutes += r.overtimeMinutes;
  if (vendor !== null) {
    f.vendorCompared += 1;
    if (agreesWithVendor(r.status, vendor)) f.vendorAgree += 1;
  }
}

/** Before and after figures per key (department, employee), created on first use. */
export class Tally {
  readonly rows = new Map<string, { before: Figures; after: Figures }>();
  get(key: string): { before: Figures; after: Figures } {
    let row = this.rows.get(key);
    if (row === undefined) {
      row = { before: emptyFigures(), after: emptyFigures() };
      this.rows.set(key, row);
    }
    return row;
  }
}
