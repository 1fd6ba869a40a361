import { isIsoDate } from '../rules/time.js';

/** A cell as the readers hand it over: CSV gives text, XLSX also numbers (dates are Excel serials) and Dates. */
export type Cell = string | number | boolean | Date | null;

/** A local date and time as written in a file, before a zone makes it an instant. */
export interface LocalDateTime {
  date: string;
  /** Minutes after local midnight. */
  minutes: number;
  seconds: number;
  /** False for a date alone ("the whole working day" in requests). */
  hasTime: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: 'bad_date' | 'bad_time'; message: string };

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
/** Excel counts days from 1899-12-30 (the 1900 leap-year bug folded in): serial 25569 = 1970-01-01. */
const EXCEL_EPOCH_SERIAL = 25569;
const pad = (n: number) => String(n).padStart(2, '0');

/** Trimmed text of a cell; numbers as Excel shows them in General format (job numbers typed as numbers). */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return wallClockText(cell.getTime());
  return String(cell).trim();
}

export function isBlank(cells: readonly (Cell | undefined)[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/** `YYYY-MM-DD HH:MM:SS` of a wall-clock time stored as if it were UTC (how Excel dates arrive). */
function wallClockText(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function fromWallClock(ms: number): LocalDateTime {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
  const seconds = d.getUTCSeconds();
  return { date, minutes, seconds, hasTime: minutes !== 0 || seconds !== 0 };
}

/** An Excel serial day number (with a fraction for the time) → wall clock, to the second. */
export function fromExcelSerial(serial: number): LocalDateTime | null {
  // 1900–2199: anything else in a date column is a typo, not a date.
  if (!Number.isFinite(serial) || serial < 1 || serial > 109574) return null;
  return fromWallClock(Math.round((serial - EXCEL_EPOCH_SERIAL) * 86_400) * 1000);
}

/**
 * `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, or an Excel date; a real day and clock.
 * An Excel date-time at midnight looks like a date alone; `timeRequired` reads it as 00:00.
 */
export function parseDateTime(cell: Cell | undefined, expected: string, timeRequired = false): Parsed<LocalDateTime> {
  if (cell instanceof Date || typeof cell === 'number') {
    const v = cell instanceof Date ? fromWallClock(cell.getTime()) : fromExcelSerial(cell);
    if (!v) return { ok: false, code: 'bad_date', message: `${cellText(cell)} is not a date: expected ${expected}` };
    return { ok: true, value: timeRequired ? { ...v, hasTime: true } : v };
  }
  const text = cellText(cell);
  const m = DATE_TIME.exec(text);
  if (!m) return { ok: false, code: 'bad_date', message: `"${text}": expected ${expected}` };
  const date = m[1] as string;
  if (!isIsoDate(date)) return { ok: false, code: 'bad_date', message: `"${text}" is not a date` };
  if (m[2] === undefined) return { ok: true, value: { date, minutes: 0, seconds: 0, hasTime: false } };
  const h = Number(m[2]);
  const min = Number(m[3]);
  const s = m[4] === undefined ? 0 : Number(m[4]);
  if (h > 23 || min > 59 || s > 59) return { ok: false, code: 'bad_time', message: `"${text}" is not a time of day` };
  return { ok: true, value: { date, minutes: h * 60 + min, seconds: s, hasTime: true } };
}

/** A date alone (`YYYY-MM-DD` or an Excel date without a time). */
export function parseDate(cell: Cell | undefined): Parsed<string> {
  const r = parseDateTime(cell, 'YYYY-MM-DD');
  if (!r.ok) return r;
  if (r.value.hasTime) return { ok: false, code: 'bad_date', message: `"${cellText(cell)}": expected YYYY-MM-DD without a time` };
  return { ok: true, value: r.value.date };
}

/** The canonical text of a local date-time, for messages and stable row hashes. */
export function formatLocal(v: LocalDateTime): string {
  if (!v.hasTime) return v.date;
  const clock = `${pad(Math.floor(v.minutes / 60))}:${pad(v.minutes % 60)}`;
  return v.seconds === 0 ? `${v.date} ${clock}` : `${v.date} ${clock}:${pad(v.seconds)}`;
}
