import type { Db } from '../ledger/db.js';

export interface ReconcileSummary {
  compared: number;
  agree: number;
  /** Differences by class: `ours≠vendor` status pairs, plus `vendor_only` / `ours_only` days. */
  differences: Record<string, number>;
  /** Differences by likely cause, for what to do about them. */
  byCause: Partial<Record<DifferenceCause, number>>;
}

/**
 * Why a day differs: `vendor_only` — we have no result; `unmapped_user` — the person never came
 * through the contacts sync (a placeholder); `late_data` — we hold a punch or request the vendor
 * had not seen when it gave its verdict; `rule_mismatch` — same data, different judgement.
 */
export type DifferenceCause = 'vendor_only' | 'unmapped_user' | 'late_data' | 'rule_mismatch';

export interface ReconcileDifference {
  employeeId: string;
  workDate: string;
  tenantId: string;
  ours: string | null;
  vendor: string | null;
  cause?: DifferenceCause | null;
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
  const vendor = (await db('vendor_day_results').select('tenant_id', 'employee_id', 'work_date', 'status', 'received_at').whereBetween('work_date', [range.from, range.to])) as {
    tenant_id: string;
    employee_id: string;
    work_date: string;
    status: string;
    received_at: number;
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
  const placeholders = await placeholderEmployees(db, employees);
  const compared = vendor.map((v): ReconcileDifference => ({ employeeId: v.employee_id, workDate: v.work_date, tenantId: v.tenant_id, ours: ours.get(`${v.employee_id}|${v.work_date}`) ?? null, vendor: v.status }));
  const late = await lateDays(db, vendor, compared);
  return compared.map((d) => ({ ...d, cause: causeOf(d, placeholders, late) }));
}

function causeOf(d: ReconcileDifference, placeholders: ReadonlySet<string>, late: ReadonlySet<string>): DifferenceCause | null {
  if (differenceClass(d) === null) return null;
  if (placeholders.has(d.employeeId)) return 'unmapped_user';
  if (d.ours === null) return 'vendor_only';
  return late.has(`${d.employeeId}|${d.workDate}`) ? 'late_data' : 'rule_mismatch';
}

/** Employees only known by a user id from punches: the contacts sync never described them. */
async function placeholderEmployees(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 400) {
    const rows = (await db('employees as e')
      .join('employee_identities as i', 'i.employee_id', 'e.id')
      .whereIn('e.id', ids.slice(i, i + 400))
      .whereNull('e.department_id')
      .whereRaw('e.name = i.external_user_id')
      .select('e.id')) as { id: string }[];
    for (const r of rows) out.add(r.id);
  }
  return out;
}

const DAY_MS = 86_400_000;

/** Differing days for which we received a punch (around that day) after the vendor's verdict arrived. */
async function lateDays(
  db: Db,
  vendor: readonly { tenant_id: string; employee_id: string; work_date: string; received_at?: number }[],
  compared: readonly ReconcileDifference[],
): Promise<Set<string>> {
  const differing = compared.filter((d) => d.ours !== null && differenceClass(d) !== null);
  const out = new Set<string>();
  if (differing.length === 0) return out;
  const verdictAt = new Map(vendor.map((v) => [`${v.employee_id}|${v.work_date}`, Number(v.received_at ?? 0)]));
  for (const d of differing) {
    const around = Date.parse(`${d.workDate}T00:00:00Z`);
    const newer = await db('punches')
      .where('employee_id', d.employeeId)
      .whereBetween('at', [around - 2 * DAY_MS, around + 2 * DAY_MS])
      .where('received_at', '>', verdictAt.get(`${d.employeeId}|${d.workDate}`) ?? 0)
      .first('id');
    if (newer) out.add(`${d.employeeId}|${d.workDate}`);
  }
  return out;
}

/** The class of a compared day: null when both sides agree, else `ours≠vendor` or `vendor_only`. */
export function differenceClass(d: ReconcileDifference): string | null {
  return d.ours === null ? 'vendor_only' : norm(d.ours) === norm(d.vendor ?? '') ? null : `${d.ours}≠${d.vendor}`;
}

export function summarise(diffs: readonly ReconcileDifference[]): ReconcileSummary {
  const summary: ReconcileSummary = { compared: diffs.length, agree: 0, differences: {}, byCause: {} };
  for (const d of diffs) {
    const cls = differenceClass(d);
    if (cls === null) summary.agree += 1;
    else summary.differences[cls] = (summary.differences[cls] ?? 0) + 1;
    if (d.cause) summary.byCause[d.cause] = (summary.byCause[d.cause] ?? 0) + 1;
  }
  return summary;
}

export async function reconcile(db: Db, range: { from: string; to: string }): Promise<ReconcileSummary> {
  return summarise(await reconcileDays(db, range));
}
