import type { Db } from '../ledger/db.js';
import { markDirty } from '../ledger/dirty.js';
import type { DayKey } from '../ledger/model.js';
import { addDays } from '../rules/time.js';

/**
 * Queues every day of [from, to] that an active employee has no result for yet. Days with no
 * punch and no request are never touched by new data, yet they matter most: a workday without
 * punches is an absence. Returns how many days were queued.
 */
export async function markMissingDays(db: Db, range: { from: string; to: string }, now: number): Promise<number> {
  return markDays(db, range, now, true);
}

/** Queues every employee-day of [from, to] (a recompute of a period on request). */
export async function markRangeDirty(db: Db, range: { from: string; to: string }, now: number): Promise<number> {
  return markDays(db, range, now, false);
}

async function resultKeys(db: Db, employeeIds: string[], range: { from: string; to: string }): Promise<Set<string>> {
  const rows = (await db('day_results').select('employee_id', 'work_date').whereIn('employee_id', employeeIds).whereBetween('work_date', [range.from, range.to])) as {
    employee_id: string;
    work_date: string;
  }[];
  return new Set(rows.map((r) => `${r.employee_id}|${r.work_date}`));
}

async function markDays(db: Db, range: { from: string; to: string }, now: number, onlyMissing: boolean): Promise<number> {
  const employees = (await db('employees').select('id', 'hired_on', 'left_on').where('status', 'active')) as { id: string; hired_on: string | null; left_on: string | null }[];
  const dates: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) dates.push(d);
  let queued = 0;
  for (let i = 0; i < employees.length; i += 400) {
    const part = employees.slice(i, i + 400);
    const have = onlyMissing ? await resultKeys(db, part.map((e) => e.id), range) : new Set<string>();
    const missing: DayKey[] = [];
    for (const e of part) {
      for (const d of dates) {
        if ((e.hired_on && d < e.hired_on) || (e.left_on && d > e.left_on)) continue;
        if (!have.has(`${e.id}|${d}`)) missing.push({ employeeId: e.id, workDate: d });
      }
    }
    queued += await markDirty(db, missing, now);
  }
  return queued;
}
