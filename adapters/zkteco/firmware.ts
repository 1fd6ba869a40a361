import { DateTime } from 'luxon';
import { Rng, deriveSeed } from '../../src/sandbox/rng.js';
import type { AttRecord } from './attlog.js';

/**
 * What a terminal holds: its attendance log, each record with the device's stamp (a counter),
 * generated like a real workforce punches (seeded, so a run replays exactly).
 */
export interface LoggedRecord extends AttRecord {
  stamp: number;
}

export interface GenerateOptions {
  pins: readonly string[];
  days: number;
  seed: number;
  /** The device's zone: the days are the `days` that end yesterday on its clock. */
  timezone: string;
  now: number;
}

const VERIFY = [[15, 6], [1, 3], [2, 1]] as const;

function wall(date: DateTime, secondsOfDay: number): string {
  return date.plus({ seconds: secondsOfDay }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** Punches of one person on one day: in, out, sometimes a lunch break, sometimes a double press. */
function dayOf(rng: Rng, pin: string, date: DateTime): AttRecord[] {
  if (rng.chance(0.08)) return [];
  const verify = rng.weighted(VERIFY);
  const out: AttRecord[] = [];
  const push = (seconds: number, status: number) => out.push({ pin, time: wall(date, seconds), status, verify, workcode: '0' });
  const arrive = rng.int(8 * 3600 + 20 * 60, 9 * 3600 + 15 * 60);
  push(arrive, 0);
  // A second press a few seconds later: firmware logs both; the ledger must keep them apart.
  if (rng.chance(0.05)) push(arrive + rng.int(2, 20), 0);
  if (rng.chance(0.15)) {
    const lunch = rng.int(12 * 3600, 12 * 3600 + 30 * 60);
    push(lunch, 2);
    push(lunch + rng.int(30 * 60, 60 * 60), 3);
  }
  if (!rng.chance(0.04)) push(rng.int(17 * 3600 + 30 * 60, 19 * 3600 + 30 * 60), 1);
  return out;
}

/** The device log for the run: records in time order, stamps 1, 2, 3, … */
export function generateLog(o: GenerateOptions): LoggedRecord[] {
  const rng = new Rng(deriveSeed(o.seed, 'zkteco-device'));
  const today = DateTime.fromMillis(o.now, { zone: o.timezone }).startOf('day');
  const records: AttRecord[] = [];
  for (let d = o.days; d >= 1; d--) {
    const date = today.minus({ days: d });
    for (const pin of o.pins) records.push(...dayOf(rng, pin, date));
  }
  records.sort((a, b) => (a.time === b.time ? a.pin.localeCompare(b.pin) : a.time < b.time ? -1 : 1));
  return records.map((r, i) => ({ ...r, stamp: i + 1 }));
}

/** Sample names for the USER upload, in Chinese as most terminals in China store them. */
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞'];

export function userName(pin: string, index: number): string {
  return `${NAMES[index % NAMES.length] ?? '员工'}${pin.slice(-2)}`;
}
