import { normalize, subtract, type Interval } from '../intervals.js';
import type { Shift } from '../model/shift.js';
import { localToInstant, parseClock, type Instant } from '../time.js';

export interface ScheduledSegment {
  readonly start: Instant;
  readonly end: Instant;
}

/** A shift laid out on one work date: segment and break instants. */
export interface Schedule {
  readonly segments: readonly ScheduledSegment[];
  readonly breaks: readonly Interval[];
}

const DAY_MINUTES = 24 * 60;

function clock(text: string): number {
  const m = parseClock(text);
  if (m === null) throw new Error(`invalid clock time ${text}`); // the schema has rejected it already
  return m;
}

/**
 * Lays the shift's clock times onto `date` in `zone`. Order on the clock (Fine points): an end not
 * after its start is the next day; a segment starting before the previous one ends is the next
 * day; a break earlier than the first segment's start is the next day.
 */
export function buildSchedule(shift: Shift, date: string, zone: string): Schedule {
  const local: { start: number; end: number }[] = [];
  let previousEnd = -Infinity;
  for (const seg of shift.segments) {
    let start = clock(seg.start);
    while (start < previousEnd) start += DAY_MINUTES;
    let end = clock(seg.end);
    while (end <= start) end += DAY_MINUTES;
    local.push({ start, end });
    previousEnd = end;
  }
  const firstStart = local[0]?.start ?? 0;
  const breaks = shift.breaks.map((b) => {
    let start = clock(b.start);
    while (start < firstStart) start += DAY_MINUTES;
    let end = clock(b.end);
    while (end <= start) end += DAY_MINUTES;
    return { start, end };
  });
  const toInstants = (r: { start: number; end: number }): ScheduledSegment => ({
    start: localToInstant(date, r.start, zone),
    end: localToInstant(date, r.end, zone),
  });
  return { segments: local.map(toInstants), breaks: normalize(breaks.map(toInstants)) };
}

/** The whole schedule moved by `ms` of elapsed time (flex: 早到早走 / 晚到晚走). */
export function shiftSchedule(schedule: Schedule, ms: number): Schedule {
  const move = (i: { start: Instant; end: Instant }) => ({ start: i.start + ms, end: i.end + ms });
  return { segments: schedule.segments.map(move), breaks: schedule.breaks.map(move) };
}

/** A segment's working time: the segment minus breaks. */
export function segmentWorkingTime(schedule: Schedule, seg: ScheduledSegment): Interval[] {
  return subtract([seg], schedule.breaks);
}

/** The day's working time: segments minus breaks. */
export function workingTime(schedule: Schedule): Interval[] {
  return subtract(schedule.segments, schedule.breaks);
}
