import { DateTime } from 'luxon';

/** Local dates and WeCom's second-based times, in the tenant's zone. */

/** Unix seconds of local 00:00 on `date` (YYYY-MM-DD). */
export function midnightSec(date: string, zone: string): number {
  const dt = DateTime.fromISO(date, { zone });
  if (!dt.isValid) throw new Error(`invalid date ${date}`);
  return Math.floor(dt.startOf('day').toSeconds());
}

/** The local date of a Unix-seconds instant. */
export function dateOfSec(sec: number, zone: string): string {
  return DateTime.fromSeconds(sec, { zone }).toISODate() as string;
}

/** Calendar arithmetic on YYYY-MM-DD (zone-free). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInclusive(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1);
}

/** Seconds after local midnight → "HH:MM"; hours past 24 (next day, e.g. 30:00) are kept, as rules.md allows up to 47:59. */
export function clockOf(sec: number): string {
  const minutes = Math.floor(sec / 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
