import type { Neighbours, ParsedRequest } from '../model/parse.js';
import type { Shift } from '../model/shift.js';
import { daysBetween, formatInstant, localDateOf, truncateToMinute, type Instant } from '../time.js';
import { coverageRequests, planSegments } from './coverage.js';
import { clockFormatter } from './labels.js';
import { buildSchedule, type Schedule } from './schedule.js';
import { allWindows, inWindow, segmentWindows, type Window } from './windows.js';

/** One work date of one employee's roster. */
export interface RosterDay {
  readonly date: string;
  readonly shift: Shift | null;
  /** Approved leave / trip requests move checkpoints and so windows; optional. */
  readonly requests?: readonly ParsedRequest[];
}

function adjacent(days: readonly RosterDay[], index: number, step: -1 | 1): RosterDay | undefined {
  const day = days[index];
  const other = days[index + step];
  return day && other && daysBetween(day.date, other.date) === step ? other : undefined;
}

/** previousEnd / nextStart of `days[index]` from the adjacent dates' schedules (built on demand). */
function neighboursOf(days: readonly RosterDay[], index: number, scheduleOf: (i: number) => Schedule | null): Neighbours {
  const out: Neighbours = {};
  const prev = adjacent(days, index, -1);
  const next = adjacent(days, index, 1);
  if (prev?.shift) {
    const segs = (scheduleOf(index - 1) as Schedule).segments;
    const last = segs[segs.length - 1];
    if (last) out.previousEnd = last.end;
  }
  if (next?.shift) {
    const first = (scheduleOf(index + 1) as Schedule).segments[0];
    if (first) out.nextStart = first.start;
  }
  return out;
}

/** previousEnd / nextStart of `days[index]` from the adjacent dates' shifts, as instants. */
export function neighbourInstants(timezone: string, days: readonly RosterDay[], index: number): Neighbours {
  return neighboursOf(days, index, (i) => {
    const day = days[i] as RosterDay;
    return day.shift ? buildSchedule(day.shift, day.date, timezone) : null;
  });
}

/** `neighbours` of a day case for `days[index]`, as ISO instants (what recompute writes into cases). */
export function neighboursFor(
  timezone: string,
  days: readonly RosterDay[],
  index: number,
): { previousEnd?: string; nextStart?: string } {
  const n = neighbourInstants(timezone, days, index);
  return {
    ...(n.previousEnd !== undefined ? { previousEnd: formatInstant(n.previousEnd, timezone) } : {}),
    ...(n.nextStart !== undefined ? { nextStart: formatInstant(n.nextStart, timezone) } : {}),
  };
}

function windowsOf(timezone: string, day: RosterDay, schedule: Schedule | null, neighbours: Neighbours): Window[] {
  if (!day.shift || !schedule) return [];
  const coverage = coverageRequests(day.requests ?? []);
  const { plans } = planSegments(schedule, coverage, clockFormatter(timezone, day.date));
  return allWindows(segmentWindows(plans, day.shift, neighbours));
}

/**
 * The punch windows of a roster day with the same window rules as computeDay (without flex, which
 * depends on the arrival itself: the unshifted windows decide).
 */
export function rosterDayWindows(timezone: string, days: readonly RosterDay[], index: number): Window[] {
  const day = days[index];
  if (!day?.shift) return [];
  const schedule = buildSchedule(day.shift, day.date, timezone);
  return windowsOf(timezone, day, schedule, neighbourInstants(timezone, days, index));
}

/**
 * Everything about a roster that does not depend on punches, each schedule built once: per day
 * (same order as `days`) its schedule (null without a shift), its neighbours (what
 * `neighbourInstants` gives) and its windows (what `rosterDayWindows` gives). Recompute can build
 * this once per employee and pass it to `assignPunchesToWorkDates` and into the day cases.
 */
export interface RosterPlan {
  readonly schedules: readonly (Schedule | null)[];
  readonly neighbours: readonly Neighbours[];
  readonly windows: readonly (readonly Window[])[];
}

export function planRoster(timezone: string, days: readonly RosterDay[]): RosterPlan {
  const schedules = days.map((d) => (d.shift ? buildSchedule(d.shift, d.date, timezone) : null));
  const scheduleOf = (i: number): Schedule | null => schedules[i] ?? null;
  const neighbours = days.map((_, i) => neighboursOf(days, i, scheduleOf));
  const windows = days.map((d, i) => windowsOf(timezone, d, schedules[i] ?? null, neighbours[i] as Neighbours));
  return { schedules, neighbours, windows };
}

/**
 * For each punch, the work date it belongs to (same order as `punches`): the date whose shift has a
 * window containing it (a night shift's morning punch stays with the night shift); otherwise its
 * local date; null when that date is not in `days`. `days` are consecutive work dates in order.
 * `plan`, when given, must be `planRoster(timezone, days)` (it saves building it again).
 */
export function assignPunchesToWorkDates(input: {
  timezone: string;
  days: readonly RosterDay[];
  punches: readonly Instant[];
  plan?: RosterPlan;
}): (string | null)[] {
  const { timezone, days } = input;
  const windows = (input.plan ?? planRoster(timezone, days)).windows;
  const dates = new Set(days.map((d) => d.date));
  return input.punches.map((raw) => {
    const t = truncateToMinute(raw);
    // Later dates first: on a shared boundary the later checkpoint wins, as in computeDay.
    for (let i = days.length - 1; i >= 0; i--) {
      const list = windows[i];
      if (list) for (const w of list) if (inWindow(w, t)) return days[i]?.date ?? null;
    }
    const local = localDateOf(t, timezone);
    return dates.has(local) ? local : null;
  });
}
