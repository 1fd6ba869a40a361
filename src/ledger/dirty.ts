import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { DayKey } from './model.js';

/** Requests longer than this mark only their first and last days dirty, plus the span up to it. */
const MAX_REQUEST_DAYS = 62;

export function localDate(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISODate() as string;
}

/**
 * The work dates a punch can belong to: its local date, and the day before, because a night
 * shift's morning punch belongs to the previous work date.
 */
export function datesForPunch(at: number, zone: string): string[] {
  const d = DateTime.fromMillis(at, { zone });
  return [d.minus({ days: 1 }).toISODate() as string, d.toISODate() as string];
}

/** Every work date an interval can touch: from the day before its start to the day of its end. */
export function datesForInterval(startAt: number, endAt: number, zone: string): string[] {
  const first = DateTime.fromMillis(startAt, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(Math.max(startAt, endAt), { zone }).startOf('day');
  const out: string[] = [];
  for (let d = first; d <= last && out.length < MAX_REQUEST_DAYS; d = d.plus({ days: 1 })) out.push(d.toISODate() as string);
  const lastIso = last.toISODate() as string;
  if (!out.includes(lastIso)) out.push(lastIso);
  return out;
}

/**
 * Queues (employee, work date) keys for recompute. A key already queued gets the newer mark, so
 * a recompute that loaded it earlier does not remove it (it deletes only the mark it saw).
 */
export async function markDirty(trx: Knex | Knex.Transaction, keys: Iterable<DayKey>, at: number): Promise<number> {
  const unique = new Map<string, DayKey>();
  for (const k of keys) unique.set(`${k.employeeId}|${k.workDate}`, k);
  const rows = [...unique.values()].map((k) => ({ employee_id: k.employeeId, work_date: k.workDate, marked_at: at }));
  for (let i = 0; i < rows.length; i += 400) {
    await trx('dirty_days').insert(rows.slice(i, i + 400)).onConflict(['employee_id', 'work_date']).merge(['marked_at']);
  }
  return unique.size;
}
