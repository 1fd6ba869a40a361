import { DateTime, IANAZone } from 'luxon';

/** Instants are UTC epoch milliseconds throughout the rule engine. */
export type Instant = number;

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const CLOCK = /^(\d{1,2}):(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OFFSET_SUFFIX = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

export function isValidTimezone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** `HH:MM` with hours 0–47 → minutes after the work date's local midnight; null when malformed. */
export function parseClock(text: string): number | null {
  const m = CLOCK.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 47 || min > 59) return null;
  return h * 60 + min;
}

/** `YYYY-MM-DD` that names a real calendar day. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Wall-clock time of `date` + `minutes` written as if it were UTC (may run past midnight). */
function naiveLocal(date: string, minutes: number): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, mo - 1, d) + minutes * MINUTE_MS;
}

/**
 * Resolves a naive wall-clock time in `zone` to an instant, following the DST fine points:
 * a repeated local time is its first occurrence; a skipped one is read with the offset in
 * force before the change. (luxon's own resolution depends on the current time, so we don't use it.)
 */
function resolveNaive(naive: number, zone: string): Instant {
  const z = IANAZone.create(zone);
  const before = z.offset(naive - DAY_MS);
  const after = z.offset(naive + DAY_MS);
  const valid = [...new Set([before, after])]
    .map((offset) => ({ offset, t: naive - offset * MINUTE_MS }))
    .filter(({ offset, t }) => z.offset(t) === offset)
    .map(({ t }) => t);
  if (valid.length > 0) return Math.min(...valid);
  return naive - before * MINUTE_MS;
}

/** Local clock minutes (possibly ≥ 1440, meaning following days) on `date` → instant. */
export function localToInstant(date: string, minutes: number, zone: string): Instant {
  return resolveNaive(naiveLocal(date, minutes), zone);
}

/** ISO 8601 text → instant; text without an offset is site-local time. Null when malformed. */
export function parseInstant(text: string, zone: string): Instant | null {
  if (!text.includes('T')) return null;
  if (OFFSET_SUFFIX.test(text.slice(text.indexOf('T')))) {
    const dt = DateTime.fromISO(text, { setZone: true });
    return dt.isValid ? dt.toMillis() : null;
  }
  const naive = DateTime.fromISO(text, { zone: 'UTC' });
  return naive.isValid ? resolveNaive(naive.toMillis(), zone) : null;
}

/** Syntactic check of an instant, independent of the zone (used by the schema). */
export function isIsoInstant(text: string): boolean {
  return parseInstant(text, 'UTC') !== null;
}

export function truncateToMinute(t: Instant): Instant {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

export function ceilToMinute(t: Instant): Instant {
  return Math.ceil(t / MINUTE_MS) * MINUTE_MS;
}

/** Whole minutes from `a` to `b` (elapsed time, truncated toward negative infinity). */
export function minutesBetween(a: Instant, b: Instant): number {
  return Math.floor((b - a) / MINUTE_MS);
}

export function msToMinutes(ms: number): number {
  return Math.floor(ms / MINUTE_MS);
}

/** ISO 8601 with the site's offset at that instant, seconds included. */
export function formatInstant(t: Instant, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true }) ?? String(t);
}

export function localDateOf(t: Instant, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toISODate() ?? '';
}

/** Adds whole calendar days to an ISO date. */
export function addDays(date: string, days: number): string {
  return new Date(naiveLocal(date, days * 24 * 60)).toISOString().slice(0, 10);
}

/** Days from ISO date `a` to ISO date `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((naiveLocal(b, 0) - naiveLocal(a, 0)) / DAY_MS);
}

/** Local `HH:mm` for reasons and tables, marked `(+1d)` / `(-1d)` when not on the work date. */
export function formatClock(t: Instant, zone: string, workDate: string): string {
  const dt = DateTime.fromMillis(t, { zone });
  const days = daysBetween(workDate, dt.toISODate() ?? workDate);
  const clock = dt.toFormat('HH:mm');
  if (days === 0) return clock;
  return `${clock} (${days > 0 ? '+' : ''}${days}d)`;
}
