import type { SandboxCompany } from './company.js';
import { daysBetween, type LocalCalendar, parseHm, weekdayIndex } from './calendar.js';

export type Shift = SandboxCompany['shifts'][number];
export type Group = SandboxCompany['groups'][number];

/** One scheduled punch point: the start (in) or end (out) of a shift segment. */
export interface Checkpoint {
  workDate: string;
  kind: 'in' | 'out';
  /** 1-based segment index within the shift (WeCom `timeline_id`). */
  segment: number;
  at: number;
  /** Minutes after the work date's midnight; > 1440 for a next-day end. */
  minutes: number;
}

/**
 * The shift a group works on a local date, or null for a rest day. Fixed groups follow the
 * statutory calendar (holiday = rest, make-up day = works the group's first weekday shift);
 * cycle groups ignore it, as WeCom shift rules cannot sync holidays.
 */
export function shiftKeyFor(group: Group, date: string, holidayKinds: ReadonlyMap<string, 'holiday' | 'makeup'>): string | null {
  if (group.kind === 'cycle') {
    const n = group.shiftKeys.length;
    if (n === 0) return null;
    const idx = ((daysBetween(group.cycleAnchor ?? date, date) % n) + n) % n;
    return group.shiftKeys[idx] ?? null;
  }
  const kind = holidayKinds.get(date);
  if (kind === 'holiday') return null;
  if (kind === 'makeup') return group.shiftKeys.find((k) => k !== null) ?? null;
  return group.shiftKeys[weekdayIndex(date)] ?? null;
}

/** Segment bounds in minutes after the work date's midnight; an end not after its start is next day. */
export function segmentMinutes(shift: Shift): { start: number; end: number }[] {
  return shift.segments.map((s) => {
    const start = parseHm(s.start);
    let end = parseHm(s.end);
    if (end <= start) end += 1440;
    return { start, end };
  });
}

/** Break bounds in minutes, normalised into the shift's own (possibly cross-midnight) frame. */
export function breakMinutes(shift: Shift): { start: number; end: number }[] {
  const first = segmentMinutes(shift)[0]?.start ?? 0;
  return shift.breaks.map((b) => {
    let start = parseHm(b.start);
    let end = parseHm(b.end);
    if (start < first) start += 1440;
    if (end <= start) end += 1440;
    return { start, end };
  });
}

/** Scheduled working minutes (segments minus breaks). */
export function standardMinutes(shift: Shift): number {
  const seg = segmentMinutes(shift).reduce((s, x) => s + (x.end - x.start), 0);
  const brk = breakMinutes(shift).reduce((s, x) => s + (x.end - x.start), 0);
  return seg - brk;
}

export function checkpointsOf(shift: Shift, workDate: string, cal: LocalCalendar): Checkpoint[] {
  return segmentMinutes(shift).flatMap((s, i) => [
    { workDate, kind: 'in' as const, segment: i + 1, at: cal.at(workDate, s.start), minutes: s.start },
    { workDate, kind: 'out' as const, segment: i + 1, at: cal.at(workDate, s.end), minutes: s.end },
  ]);
}

/** Index of the company's calendar entries by date. */
export function holidayKinds(company: Pick<SandboxCompany, 'holidays'>): Map<string, 'holiday' | 'makeup'> {
  return new Map(company.holidays.map((h) => [h.date, h.kind]));
}
