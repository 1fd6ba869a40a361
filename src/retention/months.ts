import { addDays, localDateOf, localToInstant } from '../rules/time.js';

/** Month arithmetic for archiving (YYYY-MM strings) and the instant bounds of a month's punches. */

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  return addDays(firstDay(addMonths(month, 1)), -1);
}

/** The first month that stays hot: months before it are old enough to archive. */
export function archiveCutoff(now: number, zone: string, afterMonths: number): string {
  return addMonths(localDateOf(now, zone).slice(0, 7), -afterMonths);
}

/**
 * Punches are archived up to three days before the next month starts. Recomputing a day loads
 * punches from a day before it, minus 14 h for every zone's offset; three days keep that (and
 * a night shift across the boundary) hot for the next month, which may be locked and not archived.
 */
export const PUNCH_MARGIN_MS = 3 * 86_400_000;

export function punchBoundary(month: string): number {
  return localToInstant(firstDay(addMonths(month, 1)), 0, 'UTC') - PUNCH_MARGIN_MS;
}
