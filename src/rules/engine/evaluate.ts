import type { ParsedDay } from '../model/parse.js';
import { localDateOf } from '../time.js';
import { coverageRequests, planSegments } from './coverage.js';
import { applyFlex } from './flex.js';
import { judgeSegment, type SegmentOutcome } from './judge.js';
import { clockFormatter, describeRequest, type ClockFormatter } from './labels.js';
import { normalizePunches, splitRejected, type DayPunch } from './punches.js';
import { buildSchedule, type Schedule } from './schedule.js';
import { allWindows, inWindow, type Window } from './windows.js';

/** Everything decided about a day before totals: the schedule, each segment's verdicts, the punches. */
export interface Evaluation {
  readonly day: ParsedDay;
  readonly clock: ClockFormatter;
  /** The final schedule (shifted by flex); null on a day without a shift. */
  readonly schedule: Schedule | null;
  readonly flexShiftMs: number;
  readonly segments: readonly SegmentOutcome[];
  /** Every window of this work date; on a day without a shift, empty. */
  readonly windows: readonly Window[];
  /** Punches that count (truncated, merged, corrections added, rejected ones removed). */
  readonly usable: readonly DayPunch[];
  /** Usable punches that belong to this work date. */
  readonly matched: readonly DayPunch[];
  /** Punches outside every window, and rejected ones, in time order. */
  readonly unmatched: readonly DayPunch[];
  readonly reasons: readonly string[];
}

export function evaluate(day: ParsedDay): Evaluation {
  const clock = clockFormatter(day.timezone, day.date);
  const { usable, rejected } = splitRejected(normalizePunches(day.punches, day.requests), day.outOfRange);
  const reasons: string[] = day.requests
    .filter((r) => r.status !== 'approved')
    .map((r) => `${r.status} ${describeRequest(r, clock)} is ignored (only approved requests count)`);
  if (rejected.length > 0) {
    reasons.push(`outOfRange reject: outside punch(es) ${rejected.map((p) => clock(p.at)).join(', ')} are not used`);
  }
  const shift = day.shift;
  if (!shift) {
    const matched = usable.filter((p) => localDateOf(p.at, day.timezone) === day.date);
    const unmatched = [...rejected, ...usable.filter((p) => !matched.includes(p))].sort((a, b) => a.at - b.at);
    return { day, clock, schedule: null, flexShiftMs: 0, segments: [], windows: [], usable, matched, unmatched, reasons };
  }
  const base = buildSchedule(shift, day.date, day.timezone);
  const covered = planSegments(base, coverageRequests(day.requests), clock);
  const flexed = applyFlex(shift, base, covered.plans, day.neighbours, usable, clock);
  reasons.push(...covered.reasons, ...flexed.reasons);
  const segments = flexed.plans.map((plan, i) => {
    const judged = judgeSegment(plan, flexed.windows[i] ?? null, usable, shift, day.outOfRange, clock);
    reasons.push(...judged.reasons);
    return judged.outcome;
  });
  const windows = allWindows(flexed.windows);
  const matched = usable.filter((p) => windows.some((w) => inWindow(w, p.at)));
  const unmatched = [...rejected, ...usable.filter((p) => !matched.includes(p))].sort((a, b) => a.at - b.at);
  return { day, clock, schedule: flexed.schedule, flexShiftMs: flexed.shiftMs, segments, windows, usable, matched, unmatched, reasons };
}
