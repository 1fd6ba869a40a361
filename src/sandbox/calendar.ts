import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;

/** Adds whole days to a `YYYY-MM-DD` date (calendar arithmetic, no timezone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Monday … 6 = Sunday (the order of a fixed group's `shiftKeys`). */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** "HH:MM" → minutes after midnight; hours up to 47 mean the next day. */
export function parseHm(hm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hm);
  if (!m) throw new Error(`bad time of day: ${hm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Local-date arithmetic in one IANA zone, fast enough for millions of punches: the local midnight
 * of each date is computed once with luxon and cached; instants inside a day are midnight + offset.
 * (A DST jump inside a day is ignored; the sandbox default zone, Asia/Shanghai, has none.)
 */
export class LocalCalendar {
  private readonly midnights = new Map<string, number>();
  private sortedDates: string[] = [];
  private sortedMs: number[] = [];
  constructor(readonly timezone: string) {
    if (!DateTime.local().setZone(timezone).isValid) throw new Error(`unknown timezone: ${timezone}`);
  }

  /** Epoch ms of local 00:00 on `date`. */
  midnight(date: string): number {
    let ms = this.midnights.get(date);
    if (ms === undefined) {
      ms = DateTime.fromISO(date, { zone: this.timezone }).startOf('day').toMillis();
      this.midnights.set(date, ms);
      this.sortedDates = [];
    }
    return ms;
  }

  /** Epoch ms of `date` + `minutes` after local midnight (minutes ≥ 1440 fall on the next day). */
  at(date: string, minutes: number): number {
    return this.midnight(date) + minutes * 60_000;
  }

  /** Local date of an instant. */
  dateOf(ms: number): string {
    if (this.sortedDates.length === 0) this.reindex();
    const ds = this.sortedMs;
    let lo = 0;
    let hi = ds.length - 1;
    if (hi < 0 || ms < (ds[0] ?? 0) || ms >= (ds[hi] ?? 0) + DAY_MS) {
      return DateTime.fromMillis(ms, { zone: this.timezone }).toISODate() ?? '';
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((ds[mid] ?? 0) <= ms) lo = mid;
      else hi = mid - 1;
    }
    const date = this.sortedDates[lo] ?? '';
    // A gap between cached dates means the cache cannot answer; fall back to luxon.
    return ms - (ds[lo] ?? 0) < DAY_MS ? date : (DateTime.fromMillis(ms, { zone: this.timezone }).toISODate() ?? '');
  }

  /** Seconds after local midnight of the instant's own local date. */
  secondsOfDay(ms: number): number {
    return Math.floor((ms - this.midnight(this.dateOf(ms))) / 1000);
  }

  /** Local `YYYY-MM-DD` of "now" for a given epoch. */
  today(nowMs: number): string {
    return DateTime.fromMillis(nowMs, { zone: this.timezone }).toISODate() ?? '';
  }

  /** Pre-computes midnights for a date range so dateOf stays on the fast path. */
  warm(from: string, to: string): void {
    for (let d = from; d <= to; d = addDays(d, 1)) this.midnight(d);
  }

  private reindex(): void {
    this.sortedDates = [...this.midnights.keys()].sort();
    this.sortedMs = this.sortedDates.map((d) => this.midnights.get(d) ?? 0);
  }
}

/** Every date from `from` to `to`, inclusive. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
