import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { DayKey } from './model.js';
import { writeRows } from './upsert.js';

/** Requests longer than this mark only their first and last days dirty, plus the span up to it. */
const MAX_REQUEST_DAYS = 62;

const BUCKET_MS = 15 * 60_000;
const dateCache = new Map<string, string>();

/**
 * The local date of an instant. Every zone's offset is a multiple of 15 minutes, so a 15-minute
 * bucket never straddles local midnight: one zone lookup per bucket serves every punch in it.
 */
export function localDate(at: number, zone: string): string {
  const bucket = Math.floor(at / BUCKET_MS);
  const key = `${zone}|${bucket}`;
  let date = dateCache.get(key);
  if (date === undefined) {
    if (dateCache.size > 100_000) dateCache.clear();
    date = DateTime.fromMillis(bucket * BUCKET_MS, { zone }).toISODate() as string;
    dateCache.set(key, date);
  }
  return date;
}

function previousDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The work dates a punch can belong to: its local date, and the day before, because a night
 * shift's morning punch belongs to the previous work date.
 */
export function datesForPunch(at: number, zone: string): string[] {
  const date = localDate(at, zone);
  return [previousDate(date), date];
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
  await writeRows(trx, 'dirty_days', ['employee_id', 'work_date'], ['marked_at'], rows);
  return unique.size;
}
