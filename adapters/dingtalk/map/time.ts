/**
 * Local-time helpers for DingTalk payloads. The oapi speaks `yyyy-MM-dd HH:mm:ss` strings in the
 * tenant's zone and epoch-ms numbers (docs/dingtalk.md §1); the ledger wants epoch ms and
 * `YYYY-MM-DD` local dates.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

const DAY_MS = 86_400_000;

/** Adds whole days to a `YYYY-MM-DD` date (calendar arithmetic, no zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInclusive(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1);
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** Epoch ms of local 00:00 on `date`. */
export function startOfDay(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

export function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate() as string;
}

export function formatLocal(ms: number, zone: string, fmt = 'yyyy-MM-dd HH:mm:ss'): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(fmt);
}

/** `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd HH:mm` or `yyyy-MM-dd` in `zone` → epoch ms; null when it is none of them. */
export function parseLocal(text: string, zone: string): number | null {
  for (const fmt of ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd']) {
    const dt = DateTime.fromFormat(text.trim(), fmt, { zone });
    if (dt.isValid) return dt.toMillis();
  }
  return null;
}

/** Ids, times and coordinates arrive as numbers or numeric strings (§5.2): accept both. */
export const numLike = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

/** An id as a string, whether the vendor sent a number or a string. */
export const idLike = z.union([z.string().min(1), z.number().transform((n) => String(n))]);
