import type { Neighbours } from '../model/parse.js';
import type { Shift } from '../model/shift.js';
import { MINUTE_MS } from '../time.js';
import { shiftPlans, type SegmentPlan } from './coverage.js';
import { pickIn } from './judge.js';
import type { ClockFormatter } from './labels.js';
import type { DayPunch } from './punches.js';
import { shiftSchedule, type Schedule } from './schedule.js';
import { segmentWindows, type SegmentWindows } from './windows.js';

export interface FlexOutcome {
  schedule: Schedule;
  plans: SegmentPlan[];
  windows: (SegmentWindows | null)[];
  shiftMs: number;
  reasons: string[];
}

function unchanged(base: Schedule, plans: readonly SegmentPlan[], windows: (SegmentWindows | null)[], reasons: string[]): FlexOutcome {
  return { schedule: base, plans: [...plans], windows, shiftMs: 0, reasons };
}

/**
 * Flex (rules.md, "Flexible hours"): the first segment's in punch is found with the unshifted
 * windows and the whole schedule moves by clamp(in − s); every other window then uses the shifted
 * schedule. Without an in punch nothing moves. Request instants never shift: checkpoints that
 * coverage moved stay put, and when coverage moved the first in checkpoint the arrival is judged
 * against that request boundary, so nothing shifts either.
 */
export function applyFlex(
  shift: Shift,
  base: Schedule,
  plans: readonly SegmentPlan[],
  neighbours: Neighbours,
  usable: readonly DayPunch[],
  clock: ClockFormatter,
): FlexOutcome {
  const windows = segmentWindows(plans, shift, neighbours);
  const flex = shift.flex;
  const first = plans[0];
  const firstWindows = windows[0];
  if (!flex || !first || !firstWindows) return unchanged(base, plans, windows, []);
  if (first.inMoved) {
    return unchanged(base, plans, windows, [`flex: the first in checkpoint is a request boundary (${clock(first.in)}), so the schedule does not move`]);
  }
  const arrival = pickIn(usable, firstWindows.in);
  if (!arrival) return unchanged(base, plans, windows, ['flex: no in punch for the first segment, so the schedule does not move']);
  const raw = arrival.at - first.in;
  const shiftMs = Math.min(Math.max(raw, -flex.earlyArriveMinutes * MINUTE_MS), flex.lateArriveMinutes * MINUTE_MS);
  if (shiftMs === 0) return unchanged(base, plans, windows, []);
  const shifted = shiftPlans(plans, shiftMs);
  const shiftedWindows = segmentWindows(shifted, shift, neighbours).map((w, i) => (i === 0 && w ? { in: firstWindows.in, out: w.out } : w));
  const mins = shiftMs / MINUTE_MS;
  const clamped = shiftMs === raw ? '' : ` (arrival ${clock(arrival.at)} is beyond the flex allowance)`;
  return {
    schedule: shiftSchedule(base, shiftMs),
    plans: shifted,
    windows: shiftedWindows,
    shiftMs,
    reasons: [`flex: in punch ${clock(arrival.at)} vs ${clock(first.in)}; the day's schedule moves by ${mins > 0 ? '+' : ''}${mins} min${clamped}`],
  };
}
