import type { OutOfRangePolicy } from '../model/dayCase.js';
import type { CheckpointResult } from '../model/result.js';
import type { Shift } from '../model/shift.js';
import { minutesBetween, type Instant } from '../time.js';
import type { SegmentPlan } from './coverage.js';
import type { ClockFormatter } from './labels.js';
import type { DayPunch } from './punches.js';
import { inWindow, type SegmentWindows, type Window } from './windows.js';

export interface CheckpointOutcome {
  readonly kind: 'in' | 'out';
  readonly expected: Instant;
  readonly punch: DayPunch | null;
  readonly result: CheckpointResult;
  readonly minutes: number;
  readonly location?: 'outside' | 'field';
}

/** `attended`: both punches; `partial`: one checkpoint missing. */
export type SegmentState = 'covered' | 'attended' | 'partial' | 'absent' | 'absentLate';

export interface SegmentOutcome {
  readonly plan: SegmentPlan;
  readonly windows: SegmentWindows | null;
  readonly state: SegmentState;
  readonly in: CheckpointOutcome;
  readonly out: CheckpointOutcome;
}

export type JudgeRules = Pick<Shift, 'lateGraceMinutes' | 'earlyGraceMinutes' | 'seriousLateMinutes' | 'absentLateMinutes'>;

/** The in punch: the earliest punch in the in-window (location is ignored). */
export function pickIn(punches: readonly DayPunch[], w: Window): DayPunch | null {
  return punches.find((p) => inWindow(w, p.at)) ?? null;
}

/** The out punch: the latest punch in the out-window that is not already the in punch. */
export function pickOut(punches: readonly DayPunch[], w: Window, taken: DayPunch | null): DayPunch | null {
  return punches.findLast((p) => p !== taken && inWindow(w, p.at)) ?? null;
}

function judgeIn(t: Instant, s: Instant, rules: JudgeRules): { result: CheckpointResult; minutes: number } {
  const late = minutesBetween(s, t);
  if (late <= rules.lateGraceMinutes) return { result: 'normal', minutes: 0 };
  if (rules.absentLateMinutes !== null && late > rules.absentLateMinutes) return { result: 'absentLate', minutes: late };
  if (rules.seriousLateMinutes !== null && late > rules.seriousLateMinutes) return { result: 'seriousLate', minutes: late };
  return { result: 'late', minutes: late };
}

function judgeOut(t: Instant, e: Instant, rules: JudgeRules): { result: CheckpointResult; minutes: number } {
  const early = minutesBetween(t, e);
  if (early <= rules.earlyGraceMinutes) return { result: 'normal', minutes: 0 };
  return { result: 'early', minutes: early };
}

function locationOf(punch: DayPunch, policy: OutOfRangePolicy): { location?: 'outside' | 'field' } {
  if (punch.location !== 'outside' || policy === 'reject') return {};
  return { location: policy === 'field' ? 'field' : 'outside' };
}

function blank(kind: 'in' | 'out', expected: Instant, result: CheckpointResult): CheckpointOutcome {
  return { kind, expected, punch: null, result, minutes: 0 };
}

function segmentLabel(plan: SegmentPlan, clock: ClockFormatter): string {
  return `segment ${clock(plan.scheduled.start)}–${clock(plan.scheduled.end)}`;
}

/** Judges one checkpoint of a segment that has at least one punch, adding its reasons. */
function judgeCheckpoint(
  kind: 'in' | 'out',
  expected: Instant,
  punch: DayPunch | null,
  window: Window,
  plan: SegmentPlan,
  rules: JudgeRules,
  policy: OutOfRangePolicy,
  clock: ClockFormatter,
  reasons: string[],
): CheckpointOutcome {
  if (!punch) {
    reasons.push(`${segmentLabel(plan, clock)}: no punch in the ${kind} window ${clock(window.from)}–${clock(window.to)}; ${kind} is missing`);
    return blank(kind, expected, 'missing');
  }
  const judged = kind === 'in' ? judgeIn(punch.at, expected, rules) : judgeOut(punch.at, expected, rules);
  const at = `${kind} punch ${clock(punch.at)}`;
  if (judged.result === 'late') reasons.push(`${at} is ${judged.minutes} min after ${clock(expected)}, more than the ${rules.lateGraceMinutes} min grace: late`);
  if (judged.result === 'seriousLate') reasons.push(`${at} is ${judged.minutes} min after ${clock(expected)}, more than ${rules.seriousLateMinutes} min: serious late`);
  if (judged.result === 'absentLate') {
    reasons.push(`${at} is ${judged.minutes} min after ${clock(expected)}, more than ${rules.absentLateMinutes} min: absent-late; the segment counts as absent and its out checkpoint is not judged`);
  }
  if (judged.result === 'early') reasons.push(`${at} is ${judged.minutes} min before ${clock(expected)}, more than the ${rules.earlyGraceMinutes} min grace: early`);
  if (punch.correction) reasons.push(`${at} comes from an approved correction`);
  const loc = locationOf(punch, policy);
  if (loc.location === 'outside') reasons.push(`${at} was outside the site: location exception`);
  if (loc.location === 'field') reasons.push(`${at} was outside the site: counted as field work (outOfRange field)`);
  return { kind, expected, punch, ...judged, ...loc };
}

/** Pairs and judges one segment (rules.md, "Judging a checkpoint"). */
export function judgeSegment(
  plan: SegmentPlan,
  windows: SegmentWindows | null,
  punches: readonly DayPunch[],
  rules: JudgeRules,
  policy: OutOfRangePolicy,
  clock: ClockFormatter,
): { outcome: SegmentOutcome; reasons: string[] } {
  const reasons: string[] = [];
  if (plan.covered || !windows) {
    const outcome: SegmentOutcome = {
      plan, windows: null, state: 'covered',
      in: blank('in', plan.scheduled.start, 'covered'), out: blank('out', plan.scheduled.end, 'covered'),
    };
    return { outcome, reasons };
  }
  const inPunch = pickIn(punches, windows.in);
  const outPunch = pickOut(punches, windows.out, inPunch);
  if (!inPunch && !outPunch) {
    reasons.push(`${segmentLabel(plan, clock)}: no punch in either window; the segment is absent`);
    const outcome: SegmentOutcome = {
      plan, windows, state: 'absent', in: blank('in', plan.in, 'absent'), out: blank('out', plan.out, 'absent'),
    };
    return { outcome, reasons };
  }
  const inOutcome = judgeCheckpoint('in', plan.in, inPunch, windows.in, plan, rules, policy, clock, reasons);
  if (inOutcome.result === 'absentLate') {
    // Not judged: no early / missing / location verdict on an absent-late segment's out checkpoint.
    const outcome: SegmentOutcome = {
      plan, windows, state: 'absentLate', in: inOutcome, out: { ...blank('out', plan.out, 'absent'), punch: outPunch },
    };
    return { outcome, reasons };
  }
  const outOutcome = judgeCheckpoint('out', plan.out, outPunch, windows.out, plan, rules, policy, clock, reasons);
  const state: SegmentState = inPunch && outPunch ? 'attended' : 'partial';
  return { outcome: { plan, windows, state, in: inOutcome, out: outOutcome }, reasons };
}
