import { DateTime, IANAZone, type Zone } from 'luxon';

/** Instants are UTC epoch milliseconds throughout the rule engine. */
export type Instant = number;

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const CLOCK = /^(\d{1,2}):(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OFFSET_SUFFIX = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Bounded memo caches: cleared wholesale when full (values never go stale). */
const MAX_DATES = 20_000;
const MAX_ZONES = 256;
const MAX_BUCKETS = 20_000;

const validZones = new Map<string, boolean>();

/** Whether Intl knows the zone (memoised: luxon builds an Intl formatter per question). */
export function isValidTimezone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (validZones.size >= MAX_ZONES) validZones.clear();
    validZones.set(zone, valid);
  }
  return valid;
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

const dateMs = new Map<string, number>();

/** `Date.UTC` of an ISO date's local midnight, memoised (the split is the costly part). */
function dateToNaive(date: string): number {
  let ms = dateMs.get(date);
  if (ms === undefined) {
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    ms = Date.UTC(y, mo - 1, d);
    if (dateMs.size >= MAX_DATES) dateMs.clear();
    dateMs.set(date, ms);
  }
  return ms;
}

/** Wall-clock time of `date` + `minutes` written as if it were UTC (may run past midnight). */
function naiveLocal(date: string, minutes: number): number {
  return dateToNaive(date) + minutes * MINUTE_MS;
}

/**
 * A zone's offset at an instant, as luxon computes it, without asking Intl every time. Time is cut
 * into fixed buckets; per bucket the offsets at both ends are asked once, and when they differ the
 * change is found by bisection (to the millisecond) and remembered. A bucket whose probes disagree
 * with a single change, or give NaN, is not cached: such instants go to luxon directly.
 */
interface OffsetBucket {
  readonly from: number;
  readonly to: number;
  /** Instant of the change inside the bucket (+Infinity when none). */
  readonly at: number;
  readonly before: number;
  readonly after: number;
  readonly exact: boolean;
}

const BUCKET_MS = 6 * 3_600_000;

class OffsetCache {
  private readonly buckets = new Map<number, OffsetBucket>();
  private last: OffsetBucket | null = null;

  constructor(private readonly zone: Zone) {}

  offset(t: Instant): number {
    const b = this.last;
    if (b !== null && t >= b.from && t < b.to) {
      // luxon reads `new Date(t)`, which truncates a fractional instant toward zero.
      return b.exact ? (Math.trunc(t) < b.at ? b.before : b.after) : this.zone.offset(t);
    }
    if (!Number.isFinite(t)) return this.zone.offset(t);
    const bucket = this.bucketOf(Math.floor(Math.trunc(t) / BUCKET_MS));
    this.last = bucket;
    return bucket.exact ? (Math.trunc(t) < bucket.at ? bucket.before : bucket.after) : this.zone.offset(t);
  }

  private bucketOf(k: number): OffsetBucket {
    let b = this.buckets.get(k);
    if (b === undefined) {
      b = this.probe(k * BUCKET_MS, (k + 1) * BUCKET_MS);
      if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
      this.buckets.set(k, b);
    }
    return b;
  }

  private probe(from: number, to: number): OffsetBucket {
    const z = this.zone;
    const before = z.offset(from);
    const after = z.offset(to);
    const mid = z.offset(from + BUCKET_MS / 2);
    const inexact = { from, to, at: Infinity, before, after, exact: false };
    if (Number.isNaN(before) || Number.isNaN(after)) return inexact;
    if (before === after) {
      return mid === before ? { from, to, at: Infinity, before, after, exact: true } : inexact;
    }
    if (mid !== before && mid !== after) return inexact;
    // Invariant: offset(lo) === before, offset(hi) === after.
    let lo = from;
    let hi = to;
    while (hi - lo > 1) {
      const m = Math.floor((lo + hi) / 2);
      const o = z.offset(m);
      if (o === before) lo = m;
      else if (o === after) hi = m;
      else return inexact;
    }
    return { from, to, at: hi, before, after, exact: true };
  }
}

interface ZoneInfo {
  /** Offsets of `IANAZone.create(zone)`: what resolving wall-clock times has always used. */
  readonly iana: OffsetCache;
  /** Offsets of the zone luxon's DateTime uses for `zone` (UTC / GMT become a fixed zone). */
  readonly display: OffsetCache;
  /** luxon writes `Z` for offset 0 in a universal (fixed) zone, `+00:00` otherwise. */
  readonly universal: boolean;
  /** An invalid zone formats as luxon does (null ISO); the fast paths are skipped. */
  readonly valid: boolean;
}

const zones = new Map<string, ZoneInfo>();

function zoneInfo(zone: string): ZoneInfo {
  let info = zones.get(zone);
  if (info === undefined) {
    const iana = IANAZone.create(zone);
    const display = DateTime.fromMillis(0, { zone }).zone;
    const ianaCache = new OffsetCache(iana);
    info = {
      iana: ianaCache,
      display: display === iana ? ianaCache : new OffsetCache(display),
      universal: display.isUniversal,
      valid: display.isValid,
    };
    if (zones.size >= MAX_ZONES) zones.clear();
    zones.set(zone, info);
  }
  return info;
}

/** luxon's offset (minutes, possibly fractional for historical local mean time) of `zone` at `t`. */
export function zoneOffset(t: Instant, zone: string): number {
  return zoneInfo(zone).iana.offset(t);
}

/**
 * Resolves a naive wall-clock time in `zone` to an instant, following the DST fine points:
 * a repeated local time is its first occurrence; a skipped one is read with the offset in
 * force before the change. (luxon's own resolution depends on the current time, so we don't use it.)
 */
function resolveNaive(naive: number, zone: string): Instant {
  const z = zoneInfo(zone).iana;
  const before = z.offset(naive - DAY_MS);
  const after = z.offset(naive + DAY_MS);
  const tBefore = naive - before * MINUTE_MS;
  const validBefore = z.offset(tBefore) === before;
  // Same offset on both sides (also both NaN, as a Set would merge them): one candidate.
  if (before === after || (Number.isNaN(before) && Number.isNaN(after))) return tBefore;
  const tAfter = naive - after * MINUTE_MS;
  const validAfter = z.offset(tAfter) === after;
  if (validBefore && validAfter) return Math.min(tBefore, tAfter);
  if (validAfter) return tAfter;
  return tBefore;
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

/**
 * Local wall-clock time at `t` (ms, written as if UTC) when the fast formatting paths apply: a
 * valid zone, a whole-minute offset and a local year 1000–9999. Null means "ask luxon". Mirrors
 * luxon, which reads `new Date(t + offset)` (so a fractional instant truncates toward zero).
 */
function fastLocal(t: Instant, zone: string): { local: number; offset: number; universal: boolean } | null {
  const info = zoneInfo(zone);
  if (!info.valid) return null;
  const offset = info.display.offset(t);
  if (!Number.isInteger(offset)) return null;
  const local = Math.trunc(t + offset * MINUTE_MS);
  if (!(local >= FAST_MIN && local < FAST_MAX)) return null;
  return { local, offset, universal: info.universal };
}

const FAST_MIN = Date.UTC(1000, 0, 1);
const FAST_MAX = Date.UTC(10000, 0, 1);

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `HH:mm` for every minute of a day. */
const CLOCKS: readonly string[] = Array.from({ length: 24 * 60 }, (_, m) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);

/** Whether luxon's `HH:mm` is plain ASCII digits here (it is unless a locale with other digits is forced). */
const ASCII_CLOCK = DateTime.fromMillis(Date.UTC(2001, 0, 1, 13, 57), { zone: 'UTC' }).toFormat('HH:mm') === '13:57';

const dayStrings = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), years 1000–9999. */
function dayString(day: number): string {
  let s = dayStrings.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayStrings.size >= MAX_DATES) dayStrings.clear();
    dayStrings.set(day, s);
  }
  return s;
}

const offsetSuffixes = new Map<number, string>();

/** luxon's ISO offset: `Z` for a universal zone at 0, else `±HH:MM` (whole-minute offsets here). */
function offsetSuffix(offset: number, universal: boolean): string {
  if (universal && offset === 0) return 'Z';
  let s = offsetSuffixes.get(offset);
  if (s === undefined) {
    const abs = Math.abs(offset);
    s = `${offset < 0 ? '-' : '+'}${pad2(Math.trunc(abs / 60))}:${pad2(Math.trunc(abs % 60))}`;
    if (offsetSuffixes.size >= MAX_ZONES) offsetSuffixes.clear();
    offsetSuffixes.set(offset, s);
  }
  return s;
}

/** ISO 8601 with the site's offset at that instant, seconds included. */
export function formatInstant(t: Instant, zone: string): string {
  const fast = fastLocal(t, zone);
  if (fast === null) return DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: true }) ?? String(t);
  const day = Math.floor(fast.local / DAY_MS);
  const ms = fast.local - day * DAY_MS;
  const seconds = Math.floor(ms / 1000) % 60;
  const milli = ms % 1000;
  const frac = milli === 0 ? '' : `.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}`;
  return `${dayString(day)}T${CLOCKS[Math.floor(ms / MINUTE_MS)] as string}:${pad2(seconds)}${frac}${offsetSuffix(fast.offset, fast.universal)}`;
}

export function localDateOf(t: Instant, zone: string): string {
  const fast = fastLocal(t, zone);
  if (fast === null) return DateTime.fromMillis(t, { zone }).toISODate() ?? '';
  return dayString(Math.floor(fast.local / DAY_MS));
}

/** Adds whole calendar days to an ISO date. */
export function addDays(date: string, days: number): string {
  const naive = naiveLocal(date, days * 24 * 60);
  if (naive >= FAST_MIN && naive < FAST_MAX && naive % DAY_MS === 0) return dayString(naive / DAY_MS);
  return new Date(naive).toISOString().slice(0, 10);
}

/** Days from ISO date `a` to ISO date `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((naiveLocal(b, 0) - naiveLocal(a, 0)) / DAY_MS);
}

/** Local `HH:mm` for reasons and tables, marked `(+1d)` / `(-1d)` when not on the work date. */
export function formatClock(t: Instant, zone: string, workDate: string): string {
  const fast = ASCII_CLOCK ? fastLocal(t, zone) : null;
  let days: number;
  let clock: string;
  if (fast !== null) {
    const day = Math.floor(fast.local / DAY_MS);
    days = Math.round((day * DAY_MS - naiveLocal(workDate, 0)) / DAY_MS);
    clock = CLOCKS[Math.floor((fast.local - day * DAY_MS) / MINUTE_MS)] as string;
  } else {
    const dt = DateTime.fromMillis(t, { zone });
    days = daysBetween(workDate, dt.toISODate() ?? workDate);
    clock = dt.toFormat('HH:mm');
  }
  if (days === 0) return clock;
  return `${clock} (${days > 0 ? '+' : ''}${days}d)`;
}
