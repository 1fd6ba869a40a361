/**
 * The interval an approval form asks for (docs/dingtalk.md §6.3). A leave form's
 * `DDHolidayField` value is the JSON array `[start, end, duration, unit, leaveName, label]`, with
 * start/end written in the unit's format; its `ext_value` carries the server-computed hours.
 */
import { DateTime } from 'luxon';
import { parseLocal } from './time.js';

export type FormUnit = 'day' | 'halfday' | 'hour';

export interface FormInterval {
  startAt: number;
  endAt: number;
  unit: FormUnit;
  /** Duration as the form states it, in its unit (hours or days). */
  amount: number | null;
  /** Leave type name (年假, 事假 …) or the suite's tag. */
  name: string | null;
  /** Server-computed hours (ext_value.durationInHour), when present. */
  hours: number | null;
}

const HOUR_UNITS = new Set(['hour', 'halfHour', 'limitHour']);

function jsonArray(text: string | null | undefined): unknown[] | null {
  if (typeof text !== 'string' || !text.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** `2026-08-13 上午` / `2026-08-13 PM` → the half day's bounds (morning = 00:00–12:00, afternoon = 12:00–24:00). */
function halfDay(text: string, zone: string): { start: number; end: number } | null {
  const m = /^(\d{4}-\d{2}-\d{2})\s*(上午|下午|AM|PM)$/i.exec(text.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const day = DateTime.fromISO(m[1], { zone }).startOf('day');
  if (!day.isValid) return null;
  const afternoon = m[2] === '下午' || m[2].toUpperCase() === 'PM';
  const start = afternoon ? day.plus({ hours: 12 }) : day;
  return { start: start.toMillis(), end: afternoon ? day.plus({ days: 1 }).toMillis() : day.plus({ hours: 12 }).toMillis() };
}

/** A whole local day's bounds; the form names the last day inclusively, so the end is the next midnight. */
function wholeDay(text: string, zone: string): { start: number; end: number } | null {
  const day = DateTime.fromFormat(text.trim().slice(0, 10), 'yyyy-MM-dd', { zone });
  if (!day.isValid) return null;
  return { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() };
}

function extHours(ext: string | null | undefined): number | null {
  if (typeof ext !== 'string' || !ext.startsWith('{')) return null;
  try {
    const h = (JSON.parse(ext) as Record<string, unknown>)['durationInHour'];
    const n = typeof h === 'number' ? h : typeof h === 'string' ? Number(h) : NaN;
    return Number.isFinite(n) && n >= 0 ? n : null;
  } catch {
    return null;
  }
}

/** Parses a six-item interval value; null when the value is not one. */
export function parseFormInterval(value: string | null | undefined, ext: string | null | undefined, zone: string): FormInterval | null {
  const arr = jsonArray(value);
  if (!arr || arr.length < 4) return null;
  const [from, to, amount, unitText, name] = arr;
  if (typeof from !== 'string' || typeof to !== 'string' || typeof unitText !== 'string') return null;
  const amountNum = typeof amount === 'number' ? amount : typeof amount === 'string' && amount !== '' ? Number(amount) : NaN;
  let unit: FormUnit;
  let startAt: number | null;
  let endAt: number | null;
  if (HOUR_UNITS.has(unitText)) {
    unit = 'hour';
    startAt = parseLocal(from, zone);
    endAt = parseLocal(to, zone);
  } else if (unitText === 'halfDay') {
    unit = 'halfday';
    startAt = halfDay(from, zone)?.start ?? null;
    endAt = halfDay(to, zone)?.end ?? null;
  } else if (unitText === 'day') {
    unit = 'day';
    startAt = wholeDay(from, zone)?.start ?? null;
    endAt = wholeDay(to, zone)?.end ?? null;
  } else {
    return null;
  }
  if (startAt === null || endAt === null || endAt < startAt) return null;
  return {
    startAt,
    endAt,
    unit,
    amount: Number.isFinite(amountNum) ? amountNum : null,
    name: typeof name === 'string' && name !== '' ? name : null,
    hours: extHours(ext),
  };
}

/** Chinese leave names → the ledger's leave subtypes (rules.md uses annual, sick, personal, time_off …). */
const LEAVE_SUBTYPES: Record<string, string> = {
  年假: 'annual',
  病假: 'sick',
  事假: 'personal',
  婚假: 'marriage',
  丧假: 'bereavement',
  陪产假: 'paternity',
  产假: 'maternity',
  哺乳假: 'nursing',
  调休: 'time_off',
};

export function leaveSubtype(name: string | null): string | null {
  if (name === null) return null;
  return LEAVE_SUBTYPES[name] ?? name.slice(0, 32);
}
