import { DateTime } from 'luxon';
import { bodyLines, type LineError, type Parsed } from './text.js';

/**
 * ATTLOG records: one a line, tab-separated `PIN  time  status  verify  workcode  reserved…`,
 * the time being the device's local wall time. Trailing fields may be missing.
 */
export interface AttRecord {
  pin: string;
  /** Device wall time exactly as sent: `YYYY-MM-DD HH:MM:SS`. */
  time: string;
  /** 0 in, 1 out, 2 break out, 3 break in, 4 OT in, 5 OT out; null when the device left it out. */
  status: number | null;
  /** 0 password, 1 fingerprint, 2 card, 15 face, others vendor-specific; null when left out. */
  verify: number | null;
  workcode: string;
}

/** Letters and digits only: PINs become parts of keys, and must never be SQL LIKE wildcards. */
export const PIN_PATTERN = /^[A-Za-z0-9]{1,24}$/;
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** True for a well-formed wall time that exists on the calendar (no 2026-02-30). */
export function isWallTime(s: string): boolean {
  return TIME_PATTERN.test(s) && DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm:ss', { zone: 'UTC' }).isValid;
}

function optionalInt(field: string | undefined): number | null | undefined {
  const v = field?.trim() ?? '';
  if (v === '') return null;
  return /^-?\d{1,6}$/.test(v) ? Number(v) : undefined;
}

function parseLine(text: string): AttRecord | string {
  const fields = text.split('\t');
  const pin = (fields[0] ?? '').trim();
  const time = (fields[1] ?? '').trim();
  if (!PIN_PATTERN.test(pin)) return 'the PIN is missing or not letters and digits';
  if (!isWallTime(time)) return 'the time is missing or not YYYY-MM-DD HH:MM:SS';
  const status = optionalInt(fields[2]);
  const verify = optionalInt(fields[3]);
  if (status === undefined) return 'the status is not a number';
  if (verify === undefined) return 'the verify mode is not a number';
  return { pin, time, status, verify, workcode: (fields[4] ?? '').trim().slice(0, 32) };
}

/** Parses an ATTLOG body; a bad line becomes an error with its line number and never drops its neighbours. */
export function parseAttlog(text: string): Parsed<AttRecord> {
  const out: Parsed<AttRecord> = { records: [], errors: [] };
  for (const line of bodyLines(text)) {
    const r = parseLine(line.text);
    if (typeof r === 'string') out.errors.push({ line: line.n, reason: r } satisfies LineError);
    else out.records.push(r);
  }
  return out;
}

/** An ATTLOG body as firmware writes it (the simulator's uploads): CRLF lines, reserved fields zero. */
export function formatAttlog(records: readonly AttRecord[]): string {
  return records.map((r) => [r.pin, r.time, r.status ?? '', r.verify ?? '', r.workcode, '0', '0'].join('\t')).join('\r\n') + '\r\n';
}
