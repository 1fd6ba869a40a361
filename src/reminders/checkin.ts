import type { Policy } from '../../config/schema.js';
import { buildDays } from '../compute/days.js';
import { loadInputs } from '../compute/inputs.js';
import type { Db } from '../ledger/db.js';
import type { DayKey } from '../ledger/model.js';
import { buildSchedule } from '../rules/engine/schedule.js';
import { addDays, formatInstant, localDateOf, MINUTE_MS } from '../rules/time.js';
import { vendorIdentities, type Reminder } from './recipients.js';

/** 打卡提醒: the shift starts soon and the employee has no punch on the work date yet. */
export const BEFORE_START = 'checkin_before_start';
/** 漏签提醒: the shift ended (plus grace), the employee punched in but not out. */
export const MISSING_OUT = 'checkin_missing_out';

export interface CheckinReminderOptions {
  now: number;
  /** TZ_DEFAULT, for employees whose rule group has no zone. */
  timezone: string;
  policy: Policy;
  /** Remind this many minutes before the first segment starts (default 10). */
  beforeStartMinutes?: number;
  /** Remind of a missing out punch this long after the last segment ends (default 30). */
  missingOutGraceMinutes?: number;
}

/** A check-in reminder is about one employee's one shift: the key's date is the work date. */
export interface CheckinReminder extends Reminder {
  workDate: string;
}

/** How long after the grace a missing out punch is still worth a message. */
const MISSING_OUT_STALE_MS = 12 * 60 * MINUTE_MS;

const BATCH = 400;

/** Employees employed on the date (hired on or before, not left before). */
async function activeEmployees(db: Db, date: string): Promise<string[]> {
  const rows = (await db('employees')
    .select('id')
    .where((w) => w.whereNull('hired_on').orWhere('hired_on', '<=', date))
    .where((w) => w.whereNull('left_on').orWhere('left_on', '>=', date))
    .orderBy('id')) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * Check-in reminders due now, from each employee's shift resolved by recompute's own resolution
 * (rule group, rosters, calendar, swaps) and the ledger punches its windows assign to the work
 * date. Yesterday's work date is included for night shifts ending this morning. Days covered by
 * an approved request (leave, trip, …) at the checkpoint get no reminder.
 */
export async function checkinReminders(db: Db, opts: CheckinReminderOptions): Promise<{ reminders: CheckinReminder[]; unreachable: number }> {
  const before = (opts.beforeStartMinutes ?? 10) * MINUTE_MS;
  const grace = (opts.missingOutGraceMinutes ?? 30) * MINUTE_MS;
  const today = localDateOf(opts.now, opts.timezone);
  const ids = await activeEmployees(db, today);
  const due: { employeeId: string; kind: string; workDate: string; at: number; zone: string }[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    const keys: DayKey[] = part.flatMap((employeeId) => [addDays(today, -1), today, addDays(today, 1)].map((workDate) => ({ employeeId, workDate })));
    const wanted = new Map(part.map((id) => [id, new Set(keys.filter((k) => k.employeeId === id).map((k) => k.workDate))]));
    for (const built of buildDays(await loadInputs(db, keys), wanted, opts.policy, opts.timezone)) {
      const { day } = built;
      if (day.shift === null) continue; // rest day, holiday, no schedule
      const schedule = buildSchedule(day.shift, day.date, day.timezone);
      const first = schedule.segments[0];
      const last = schedule.segments[schedule.segments.length - 1];
      if (!first || !last) continue;
      const covered = (t: number) => day.requests.some((r) => r.type !== 'overtime' && r.type !== 'correction' && r.start <= t && r.end >= t);
      if (opts.now >= first.start - before && opts.now < first.start && day.punches.length === 0 && !covered(first.start)) {
        due.push({ employeeId: built.employeeId, kind: BEFORE_START, workDate: day.date, at: first.start, zone: day.timezone });
      }
      // An out punch is one in the second half of the last segment (an early leave still counts as out).
      const outFrom = last.start + (last.end - last.start) / 2;
      const since = opts.now - (last.end + grace);
      if (since >= 0 && since < MISSING_OUT_STALE_MS && day.punches.length > 0 && !day.punches.some((p) => p.at >= outFrom) && !covered(last.end)) {
        due.push({ employeeId: built.employeeId, kind: MISSING_OUT, workDate: day.date, at: last.end, zone: day.timezone });
      }
    }
  }
  const identities = await vendorIdentities(db, due.map((d) => d.employeeId));
  const reminders: CheckinReminder[] = [];
  let unreachable = 0;
  for (const d of due) {
    const to = identities.get(d.employeeId);
    if (to === undefined) {
      unreachable += 1;
      continue;
    }
    const clock = formatInstant(d.at, d.zone).slice(11, 16);
    const text = d.kind === BEFORE_START
      ? `打卡提醒：您今天的班次 ${clock} 开始，尚未打卡，请及时上班打卡。`
      : `漏签提醒：您 ${d.workDate} 的班次已于 ${clock} 结束，未找到下班打卡记录，请补打卡或提交补卡申请。`;
    reminders.push({ kind: d.kind, subject: d.employeeId, to, text, workDate: d.workDate });
  }
  return { reminders, unreachable };
}
