import type { Knex } from 'knex';
import type { Policy } from '../../../config/schema.js';
import { buildDays } from '../../compute/days.js';
import { loadInputs } from '../../compute/inputs.js';
import { datesForInterval } from '../../ledger/dirty.js';
import { buildSchedule, workingTime } from '../../rules/engine/schedule.js';
import { intersect, totalMs, type Interval } from '../../rules/intervals.js';

export interface ShiftTime {
  /** Working minutes (segments minus breaks) of the employee's shifts inside the interval. */
  minutes: number;
  /** Whether an instant lies within one shift day, from its first segment's start to its last segment's end. */
  within(at: number): boolean;
}

/**
 * The employee's shifts around an interval, resolved exactly as recompute resolves them (rule
 * group pattern, rosters, calendar), so a request's duration agrees with the day results.
 */
export async function shiftTimeOf(db: Knex | Knex.Transaction, employeeId: string, startAt: number, endAt: number, zone: string, opts: { policy: Policy; defaultTimezone: string }): Promise<ShiftTime> {
  const dates = datesForInterval(startAt, endAt, zone);
  const inputs = await loadInputs(db, dates.map((workDate) => ({ employeeId, workDate })));
  const days = buildDays(inputs, new Map([[employeeId, new Set(dates)]]), opts.policy, opts.defaultTimezone);
  const working: Interval[] = [];
  const spans: Interval[] = [];
  for (const { day } of days) {
    if (day.shift === null) continue;
    const schedule = buildSchedule(day.shift, day.date, day.timezone);
    const first = schedule.segments[0];
    const last = schedule.segments.at(-1);
    if (first === undefined || last === undefined) continue;
    working.push(...workingTime(schedule));
    spans.push({ start: first.start, end: last.end });
  }
  return {
    minutes: Math.round(totalMs(intersect(working, [{ start: startAt, end: endAt }])) / 60_000),
    within: (at) => spans.some((s) => s.start <= at && at <= s.end),
  };
}
