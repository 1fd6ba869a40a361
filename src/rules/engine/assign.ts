import type { Neighbours, ParsedRequest } from '../model/parse.js';
import type { Shift } from '../model/shift.js';
import { daysBetween, formatInstant, localDateOf, truncateToMinute, type Instant } from '../time.js';
import { coverageRequests, planSegments } from './coverage.js';
import { clockFormatter } from './labels.js';
import { buildSchedule } from './schedule.js';
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

/** previousEnd / nextStart of `days[index]` from the adjacent dates' shifts, as instants. */
export function neighbourInstants(timezone: string, days: readonly RosterDay[], index: number): Neighbours {
  const out: Neighbours = {};
  const prev = adjacent(days, index, -1);
  const next = adjacent(days, index, 1);
  if (prev?.shift) {
    const segs = buildSchedule(prev.shift, prev.date, timezone).segments;
    const last = segs[segs.length - 1];
    if (last) out.previousEnd = last.end;
  }
  if (next?.shift) {
    const first = buildSchedule(next.shift, next.date, timezone).segments[0];
    if (first) out.nextStart = first.start;
  }
  return out;
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

/**
 * The punch windows of a roster day with the same window rules as computeDay (without flex, which
 * depends on the arrival itself: the unshifted windows decide).
 */
export function rosterDayWindows(timezone: string, days: readonly RosterDay[], index: number): Window[] {
  const day = days[index];
  if (!day?.shift) return [];
  const schedule = buildSchedule(day.shift, day.date, timezone);
  const coverage = coverageRequests(day.requests ?? []);
  const { plans } = planSegments(schedule, coverage, clockFormatter(timezone, day.date));
  return allWindows(segmentWindows(plans, day.shift, neighbourInstants(timezone, days, index)));
}

/**
 * For each punch, the work date it belongs to (same order as `punches`): the date whose shift has a
 * window containing it (a night shift's morning punch stays with the night shift); otherwise its
 * local date; null when that date is not in `days`. `days` are consecutive work dates in order.
 */
export function assignPunchesToWorkDates(input: {
  timezone: string;
  days: readonly RosterDay[];
  punches: readonly Instant[];
}): (string | null)[] {
  const { timezone, days } = input;
  const windows = days.map((_, i) => rosterDayWindows(timezone, days, i));
  const dates = new Set(days.map((d) => d.date));
  return input.punches.map((raw) => {
    const t = truncateToMinute(raw);
    // Later dates first: on a shared boundary the later checkpoint wins, as in computeDay.
    for (let i = days.length - 1; i >= 0; i--) {
      if (windows[i]?.some((w) => inWindow(w, t))) return days[i]?.date ?? null;
    }
    const local = localDateOf(t, timezone);
    return dates.has(local) ? local : null;
  });
}
