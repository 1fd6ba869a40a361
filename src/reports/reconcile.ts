import type { Db } from '../ledger/db.js';

export interface ReconcileSummary {
  compared: number;
  agree: number;
  /** Differences by class: `ours≠vendor` status pairs, plus `vendor_only` / `ours_only` days. */
  differences: Record<string, number>;
}

export interface ReconcileDifference {
  employeeId: string;
  workDate: string;
  tenantId: string;
  ours: string | null;
  vendor: string | null;
}

/** Statuses that mean the same thing to HR, whichever side wrote them. */
const EQUIVALENT: Record<string, string> = { trip: 'normal', leave: 'leave', rest: 'rest', normal: 'normal', exception: 'exception', absent: 'absent' };

function norm(s: string): string {
  return EQUIVALENT[s] ?? s;
}

/**
 * Compares our day results with the vendors' own verdicts (normalised by the adapters to the
 * same status words) over a range, so HR sees where and why the two disagree.
 */
export async function reconcileDays(db: Db, range: { from: string; to: string }): Promise<ReconcileDifference[]> {
  const vendor = (await db('vendor_day_results').select('tenant_id', 'employee_id', 'work_date', 'status').whereBetween('work_date', [range.from, range.to])) as {
    tenant_id: string;
    employee_id: string;
    work_date: string;
    status: string;
  }[];
  const employees = [...new Set(vendor.map((v) => v.employee_id))];
  const ours = new Map<string, string>();
  for (let i = 0; i < employees.length; i += 400) {
    const rows = (await db('day_results')
      .select('employee_id', 'work_date', 'status')
      .whereIn('employee_id', employees.slice(i, i + 400))
      .whereBetween('work_date', [range.from, range.to])) as { employee_id: string; work_date: string; status: string }[];
    for (const r of rows) ours.set(`${r.employee_id}|${r.work_date}`, r.status);
  }
  return vendor.map((v) => ({ employeeId: v.employee_id, workDate: v.work_date, tenantId: v.tenant_id, ours: ours.get(`${v.employee_id}|${v.work_date}`) ?? null, vendor: v.status }));
}

/** The class of a compared day: null when both sides agree, else `ours≠vendor` or `vendor_only`. */
export function differenceClass(d: ReconcileDifference): string | null {
  return d.ours === null ? 'vendor_only' : norm(d.ours) === norm(d.vendor ?? '') ? null : `${d.ours}≠${d.vendor}`;
}

export function summarise(diffs: readonly ReconcileDifference[]): ReconcileSummary {
  const summary: ReconcileSummary = { compared: diffs.length, agree: 0, differences: {} };
  for (const d of diffs) {
    const cls = differenceClass(d);
    if (cls === null) summary.agree += 1;
    else summary.differences[cls] = (summary.differences[cls] ?? 0) + 1;
  }
  return summary;
}

export async function reconcile(db: Db, range: { from: string; to: string }): Promise<ReconcileSummary> {
  return summarise(await reconcileDays(db, range));
}
