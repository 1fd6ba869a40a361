import type { Knex } from 'knex';
import type { Db } from '../ledger/db.js';
import { writeRows } from '../ledger/upsert.js';
import { allocateSpend, expire, overtimeToTimeOff, refund, type BalanceEntry, type BalancePolicy } from '../rules/balances/index.js';

type Conn = Db | Knex.Transaction;

interface BalanceRow {
  employee_id: string;
  kind: string;
  entry_type: string;
  minutes: number;
  effective_on: string;
  expires_on: string | null;
  source_key: string;
  allocations: string | null;
}

function toEntry(r: BalanceRow): BalanceEntry {
  return {
    id: r.source_key,
    employeeId: r.employee_id,
    kind: r.kind,
    type: r.entry_type as BalanceEntry['type'],
    minutes: Number(r.minutes),
    effectiveOn: r.effective_on,
    expiresOn: r.expires_on,
    sourceKey: r.source_key,
    ...(r.allocations ? { allocations: JSON.parse(r.allocations) as BalanceEntry['allocations'] } : {}),
  };
}

function toRow(e: BalanceEntry, now: number) {
  return {
    employee_id: e.employeeId, kind: e.kind, entry_type: e.type, minutes: e.minutes, effective_on: e.effectiveOn, expires_on: e.expiresOn,
    source_key: e.sourceKey, allocations: e.allocations ? JSON.stringify(e.allocations) : null, created_at: now,
  };
}

/** Every balance entry of these employees (of one kind, when given), oldest first. */
export async function loadEntries(db: Conn, employeeIds: readonly string[], kind?: string): Promise<Map<string, BalanceEntry[]>> {
  const out = new Map<string, BalanceEntry[]>();
  for (let i = 0; i < employeeIds.length; i += 400) {
    const q = db('balances').whereIn('employee_id', employeeIds.slice(i, i + 400));
    if (kind !== undefined) q.andWhere('kind', kind);
    const rows = (await q.orderBy('id')) as BalanceRow[];
    for (const r of rows) out.set(r.employee_id, [...(out.get(r.employee_id) ?? []), toEntry(r)]);
  }
  return out;
}

export async function appendEntries(db: Conn, entries: readonly BalanceEntry[], now: number): Promise<void> {
  // (source_key, entry_type) is unique: an entry recorded twice stays one entry.
  await writeRows(db, 'balances', ['source_key', 'entry_type'], [], entries.map((e) => toRow(e, now)));
}

export interface OvertimeDay {
  employeeId: string;
  workDate: string;
  overtimeMinutes: number;
  overtimeDayType: 'workday' | 'restday' | 'holiday' | 'makeup';
}

/** Overtime of computed days earns 调休 by the policy; one earn entry per employee-day, ever. */
export async function earnFromOvertime(db: Conn, days: readonly OvertimeDay[], policy: BalancePolicy, now: number): Promise<number> {
  const worked = days.filter((d) => d.overtimeMinutes > 0);
  if (worked.length === 0) return 0;
  const existing = await loadEntries(db, [...new Set(worked.map((d) => d.employeeId))], policy.kind);
  const earned = worked.flatMap((d) => overtimeToTimeOff(d, policy, existing.get(d.employeeId) ?? []) ?? []);
  await appendEntries(db, earned, now);
  return earned.length;
}

export interface SettleResult {
  spent: number;
  refunded: number;
  /** Approved 调休 requests the balance could not cover (HR follows up). */
  insufficient: { requestId: number; availableMinutes: number; neededMinutes: number }[];
}

/**
 * Approved 调休 requests spend the balance (earliest expiry first); a request revoked, cancelled or
 * rejected after something was spent for it gets back exactly what it took. Idempotent by the
 * request's source key.
 */
export async function settleTimeOff(db: Conn, employeeIds: readonly string[], policy: BalancePolicy, localDate: (at: number) => string, now: number): Promise<SettleResult> {
  const result: SettleResult = { spent: 0, refunded: 0, insufficient: [] };
  if (employeeIds.length === 0) return result;
  const requests = [] as { id: number; tenant_id: string; external_id: string; employee_id: string; start_at: number; status: string; duration_minutes: number | null }[];
  for (let i = 0; i < employeeIds.length; i += 400) {
    requests.push(
      ...((await db('requests')
        .select('id', 'tenant_id', 'external_id', 'employee_id', 'start_at', 'status', 'duration_minutes')
        .whereIn('employee_id', employeeIds.slice(i, i + 400))
        .andWhere((q) => q.where('type', 'time_off').orWhere((w) => w.where('type', 'leave').andWhere('subtype', 'time_off')))) as typeof requests),
    );
  }
  if (requests.length === 0) return result;
  const entries = await loadEntries(db, [...new Set(requests.map((r) => r.employee_id))], policy.kind);
  const created: BalanceEntry[] = [];
  for (const r of requests) {
    const mine = [...(entries.get(r.employee_id) ?? []), ...created.filter((c) => c.employeeId === r.employee_id)];
    // The same key the HR API uses when it spends at filing time, so a request is spent once.
    const key = `req:${r.tenant_id}:${r.external_id}`;
    if (r.status === 'approved' && r.duration_minutes !== null && Number(r.duration_minutes) > 0) {
      const out = allocateSpend(mine, { employeeId: r.employee_id, kind: policy.kind, sourceKey: key, minutes: Number(r.duration_minutes), effectiveOn: localDate(Number(r.start_at)) });
      if (out.status === 'created') {
        created.push(out.entry);
        result.spent += 1;
      } else if (out.status === 'insufficient') {
        result.insufficient.push({ requestId: r.id, availableMinutes: out.availableMinutes, neededMinutes: out.neededMinutes });
      }
    } else if (r.status === 'revoked' || r.status === 'cancelled' || r.status === 'rejected') {
      const out = refund(mine, key);
      if (out.status === 'created') {
        created.push(out.entry);
        result.refunded += 1;
      }
    }
  }
  await appendEntries(db, created, now);
  return result;
}

/** Records the lapse of every unspent 调休 minute whose expiry date has passed (daily job; idempotent). */
export async function expireBalances(db: Db, kind: string, asOf: string, now: number): Promise<number> {
  const employees = (await db('balances').distinct('employee_id').where('kind', kind).pluck('employee_id')) as string[];
  let expired = 0;
  for (let i = 0; i < employees.length; i += 400) {
    const entries = await loadEntries(db, employees.slice(i, i + 400), kind);
    const lapsed = [...entries.values()].flatMap((list) => expire(list, asOf));
    await appendEntries(db, lapsed, now);
    expired += lapsed.length;
  }
  return expired;
}
