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

const clockMinutes = new Map<string, number>();

function clock(text: string): number {
  let m: number | null | undefined = clockMinutes.get(text);
  if (m === undefined) {
    m = parseClock(text);
    if (m === null) throw new Error(`invalid clock time ${text}`); // the schema has rejected it already
    if (clockMinutes.size >= 4096) clockMinutes.clear();
    clockMinutes.set(text, m);
  }
  return m;
}

function toInstants(r: { start: number; end: number }, date: string, zone: string): ScheduledSegment {
  return { start: localToInstant(date, r.start, zone), end: localToInstant(date, r.end, zone) };
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
  return {
    segments: local.map((r) => toInstants(r, date, zone)),
    breaks: normalize(breaks.map((r) => toInstants(r, date, zone))),
  };
}

/** The whole schedule moved by `ms` of elapsed time (flex: 早到早走 / 晚到晚走). */
export function shiftSchedule(schedule: Schedule, ms: number): Schedule {
  return {
    segments: schedule.segments.map((i) => ({ start: i.start + ms, end: i.end + ms })),
    breaks: schedule.breaks.map((i) => ({ start: i.start + ms, end: i.end + ms })),
  };
}

/** A segment's working time: the segment minus breaks. */
export function segmentWorkingTime(schedule: Schedule, seg: ScheduledSegment): Interval[] {
  if (schedule.breaks.length === 0) return seg.end > seg.start ? [{ start: seg.start, end: seg.end }] : [];
  return subtract([seg], schedule.breaks);
}

/** The day's working time: segments minus breaks. */
export function workingTime(schedule: Schedule): Interval[] {
  return subtract(schedule.segments, schedule.breaks);
}
