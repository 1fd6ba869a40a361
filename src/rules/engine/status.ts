import type { CheckpointView, DayStatus } from '../model/result.js';
import type { SegmentOutcome } from './judge.js';
import type { MinuteTotals } from './minutes.js';

const EXCEPTION_RESULTS: ReadonlySet<CheckpointView['result']> = new Set([
  'late', 'seriousLate', 'early', 'missing', 'absent', 'absentLate',
]);

/** Day status, first matching rule wins (rules.md, "Day status"). */
export function dayStatus(
  hasShift: boolean,
  segments: readonly SegmentOutcome[],
  totals: MinuteTotals,
  locationExceptions: number,
): DayStatus {
  if (!hasShift) return 'rest';
  if (segments.every((s) => s.state === 'covered')) {
    return Object.keys(totals.leave).length > 0 ? 'leave' : 'trip';
  }
  if (totals.required > 0 && totals.absent >= totals.required) return 'absent';
  const anyException = segments.some((s) => EXCEPTION_RESULTS.has(s.in.result) || EXCEPTION_RESULTS.has(s.out.result));
  if (anyException || locationExceptions > 0) return 'exception';
  return 'normal';
}
