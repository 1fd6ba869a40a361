import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { DayKey } from './model.js';
import { insertIgnore } from './upsert.js';

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

export async function markDirty(trx: Knex | Knex.Transaction, keys: Iterable<DayKey>, at: number): Promise<number> {
  const unique = new Map<string, DayKey>();
  for (const k of keys) unique.set(`${k.employeeId}|${k.workDate}`, k);
  await insertIgnore(
    trx,
    'dirty_days',
    ['employee_id', 'work_date'],
    [...unique.values()].map((k) => ({ employee_id: k.employeeId, work_date: k.workDate, marked_at: at })),
  );
  return unique.size;
}
