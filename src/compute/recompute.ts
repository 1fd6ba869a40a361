import { createHash } from 'node:crypto';
import type { Policy } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { DayKey } from '../ledger/model.js';
import { RULES_VERSION, computeParsedDay, type DayResult } from '../rules/index.js';
import { buildDays, type BuiltDay } from './days.js';
import { loadInputs } from './inputs.js';
import { lockedMonths, nextOpenMonth } from './periods.js';
import { earnFromOvertime, settleTimeOff, type OvertimeDay } from './balances.js';
import { localDate } from '../ledger/dirty.js';

export interface RecomputeOptions {
  clock: Clock;
  policy: Policy;
  defaultTimezone: string;
}

export interface RecomputeResult {
  computed: number;
  /** New day_results versions written (input hash changed). */
  written: number;
  unchanged: number;
  /** Days in a locked month whose result changed: recorded as adjustments instead. */
  adjusted: number;
  /** 调休 entries: earned from overtime, spent by approved requests, refunded for revoked ones. */
  earned: number;
  spent: number;
  refunded: number;
}

const emptyResult = (): RecomputeResult => ({ computed: 0, written: 0, unchanged: 0, adjusted: 0, earned: 0, spent: 0, refunded: 0 });

/** The hash of everything a result depends on, so an unchanged day is never rewritten. */
export function inputHash(day: BuiltDay['day']): string {
  return createHash('sha256').update(RULES_VERSION).update('\u0000').update(JSON.stringify(day)).digest('hex');
}

interface Existing {
  employee_id: string;
  work_date: string;
  version: number;
  input_hash: string;
  result: string;
}

function resultRow(b: BuiltDay, r: DayResult, hash: string, version: number, now: number) {
  return {
    employee_id: b.employeeId,
    work_date: b.day.date,
    version,
    input_hash: hash,
    rule_version: RULES_VERSION,
    status: r.status,
    day_type: r.dayType,
    expected_minutes: r.expectedMinutes,
    worked_minutes: r.workedMinutes,
    late_minutes: r.lateMinutes,
    early_minutes: r.earlyMinutes,
    missing_count: r.missingCount,
    absent_minutes: r.absentMinutes,
    overtime_minutes: r.overtimeMinutes,
    result: JSON.stringify(r),
    punch_ids: JSON.stringify(b.punchIds),
    request_ids: JSON.stringify(b.requestIds),
    computed_at: now,
  };
}

async function loadExisting(db: Db, keys: readonly DayKey[]): Promise<Map<string, Existing>> {
  const out = new Map<string, Existing>();
  const byEmployee = new Map<string, string[]>();
  for (const k of keys) byEmployee.set(k.employeeId, [...(byEmployee.get(k.employeeId) ?? []), k.workDate]);
  const ids = [...byEmployee.keys()];
  const dates = keys.map((k) => k.workDate).sort();
  for (let i = 0; i < ids.length; i += 400) {
    const rows = (await db('day_results')
      .select('employee_id', 'work_date', 'version', 'input_hash', 'result')
      .whereIn('employee_id', ids.slice(i, i + 400))
      .whereBetween('work_date', [dates[0] as string, dates[dates.length - 1] as string])) as Existing[];
    for (const r of rows) out.set(`${r.employee_id}|${r.work_date}`, r);
  }
  return out;
}

/**
 * Computes the given days and writes a new `day_results` version only where the input hash
 * changed. Days of a locked month are never rewritten; a change there becomes an adjustment in
 * the next open month.
 */
export async function recomputeKeys(db: Db, keys: readonly DayKey[], opts: RecomputeOptions): Promise<RecomputeResult> {
  const result = emptyResult();
  if (keys.length === 0) return result;
  const wanted = new Map<string, Set<string>>();
  for (const k of keys) wanted.set(k.employeeId, (wanted.get(k.employeeId) ?? new Set()).add(k.workDate));
  const inputs = await loadInputs(db, keys);
  const built = buildDays(inputs, wanted, opts.policy, opts.defaultTimezone);
  const existing = await loadExisting(db, keys);
  const locked = await lockedMonths(db);
  const now = opts.clock.now();
  const rows: ReturnType<typeof resultRow>[] = [];
  const overtime: OvertimeDay[] = [];
  const adjustments: { employee_id: string; work_date: string; target_month: string; before: string | null; after: string; created_at: number }[] = [];
  for (const b of built) {
    result.computed += 1;
    const hash = inputHash(b.day);
    const old = existing.get(`${b.employeeId}|${b.day.date}`);
    if (old?.input_hash === hash) {
      result.unchanged += 1;
      continue;
    }
    const r = computeParsedDay(b.day);
    const month = b.day.date.slice(0, 7);
    if (locked.has(month)) {
      adjustments.push({ employee_id: b.employeeId, work_date: b.day.date, target_month: nextOpenMonth(month, locked), before: old?.result ?? null, after: JSON.stringify(r), created_at: now });
      result.adjusted += 1;
      continue;
    }
    rows.push(resultRow(b, r, hash, (old?.version ?? 0) + 1, now));
    overtime.push({ employeeId: b.employeeId, workDate: b.day.date, overtimeMinutes: r.overtimeMinutes, overtimeDayType: b.day.dayType === 'makeup' ? 'workday' : r.overtimeDayType });
  }
  await db.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await trx('day_results').insert(rows.slice(i, i + 200)).onConflict(['employee_id', 'work_date']).merge();
    }
    for (let i = 0; i < adjustments.length; i += 200) {
      await trx('adjustments').insert(adjustments.slice(i, i + 200)).onConflict(['employee_id', 'work_date', 'target_month']).merge(['before', 'after', 'created_at']);
    }
    result.earned = await earnFromOvertime(trx, overtime, opts.policy.timeOff, now);
    const settled = await settleTimeOff(trx, [...wanted.keys()], opts.policy.timeOff, (at) => localDate(at, opts.defaultTimezone), now);
    result.spent = settled.spent;
    result.refunded = settled.refunded;
  });
  result.written = rows.length;
  return result;
}

/**
 * Drains the dirty-day queue in batches. A key re-marked while its batch was computing keeps
 * its newer mark and is computed again in the next batch.
 */
export async function recomputeDirty(db: Db, opts: RecomputeOptions & { batchSize?: number; shouldStop?: () => boolean }): Promise<RecomputeResult> {
  const total = emptyResult();
  const size = opts.batchSize ?? 2000;
  for (;;) {
    if (opts.shouldStop?.()) return total;
    const batch = (await db('dirty_days').select('employee_id', 'work_date', 'marked_at').orderBy('marked_at').limit(size)) as { employee_id: string; work_date: string; marked_at: number }[];
    if (batch.length === 0) return total;
    const r = await recomputeKeys(db, batch.map((b) => ({ employeeId: b.employee_id, workDate: b.work_date })), opts);
    for (const k of Object.keys(total) as (keyof RecomputeResult)[]) total[k] += r[k];
    for (let i = 0; i < batch.length; i += 400) {
      const part = batch.slice(i, i + 400).map((b) => [b.employee_id, b.work_date, b.marked_at]);
      await db('dirty_days').whereIn(['employee_id', 'work_date', 'marked_at'], part).delete();
    }
    if (batch.length < size) return total;
  }
}
