import { normalize, subtract, type Interval } from '../intervals.js';
import type { ParsedRequest } from '../model/parse.js';
import { ceilToMinute, truncateToMinute, type Instant } from '../time.js';
import { describeRequest, type ClockFormatter } from './labels.js';
import { segmentWorkingTime, type Schedule, type ScheduledSegment } from './schedule.js';

/** One segment with its checkpoints after leave / trip coverage has moved them. */
export interface SegmentPlan {
  readonly index: number;
  readonly scheduled: ScheduledSegment;
  /** Every working minute is covered: no checkpoints to punch, no windows. */
  readonly covered: boolean;
  /** In checkpoint (the scheduled start when covered). */
  readonly in: Instant;
  /** Out checkpoint (the scheduled end when covered). */
  readonly out: Instant;
  /** Whether coverage moved the checkpoint onto a request boundary (such checkpoints never shift with flex). */
  readonly inMoved: boolean;
  readonly outMoved: boolean;
}

export const COVERAGE_TYPES: ReadonlySet<ParsedRequest['type']> = new Set(['leave', 'trip', 'outing', 'field']);

/** Approved requests that cover time as attendance or leave. */
export function coverageRequests(requests: readonly ParsedRequest[]): ParsedRequest[] {
  return requests.filter((r) => r.status === 'approved' && COVERAGE_TYPES.has(r.type));
}

function covers(cover: readonly Interval[], t: Instant): boolean {
  for (const c of cover) if (c.start <= t && t < c.end) return true;
  return false;
}

function coversEnd(cover: readonly Interval[], t: Instant): boolean {
  for (const c of cover) if (c.start < t && t <= c.end) return true;
  return false;
}

/** The requests covering `t` (by `test`), named for a reason. */
function coveringNames(
  coverage: readonly ParsedRequest[],
  t: Instant,
  test: (c: readonly Interval[], t: Instant) => boolean,
  clock: ClockFormatter,
): string {
  return coverage.filter((r) => test([{ start: r.start, end: r.end }], t)).map((r) => describeRequest(r, clock)).join(' and ') || 'adjacent requests';
}

/**
 * Moves checkpoints by coverage (rules.md, "Requests that overlay a shift"): a covered start moves
 * to the first uncovered working minute, a covered end to the last one; coverage strictly inside a
 * segment moves nothing. Requests are half-open and used as given; moved checkpoints land on whole
 * minutes ("first/last uncovered minute").
 */
export function planSegments(
  schedule: Schedule,
  coverage: readonly ParsedRequest[],
  clock: ClockFormatter,
): { plans: SegmentPlan[]; reasons: string[] } {
  const union = coverage.length === 0 ? [] : normalize(coverage.map((r) => ({ start: r.start, end: r.end })));
  const reasons: string[] = [];
  const plans = schedule.segments.map((seg, index): SegmentPlan => {
    const working = segmentWorkingTime(schedule, seg);
    const uncovered = union.length === 0 ? working : subtract(working, union);
    const first = uncovered[0];
    const last = uncovered[uncovered.length - 1];
    if (working.length > 0 && (!first || !last)) {
      const label = `segment ${clock(seg.start)}–${clock(seg.end)}`;
      const names = coverage
        .filter((r) => r.start < seg.end && seg.start < r.end)
        .map((r) => describeRequest(r, clock))
        .join(' and ');
      reasons.push(`${label} is fully covered by ${names}; its checkpoints need no punch`);
      return { index, scheduled: seg, covered: true, in: seg.start, out: seg.end, inMoved: false, outMoved: false };
    }
    let inAt = seg.start;
    let outAt = seg.end;
    if (first && last && covers(union, seg.start)) {
      inAt = ceilToMinute(first.start);
      reasons.push(`${coveringNames(coverage, seg.start, covers, clock)} covers the start; in checkpoint moved to ${clock(inAt)}`);
    }
    if (first && last && coversEnd(union, seg.end)) {
      outAt = truncateToMinute(last.end);
      reasons.push(`${coveringNames(coverage, seg.end, coversEnd, clock)} covers the end; out checkpoint moved to ${clock(outAt)}`);
    }
    return { index, scheduled: seg, covered: false, in: inAt, out: outAt, inMoved: inAt !== seg.start, outMoved: outAt !== seg.end };
  });
  return { plans, reasons };
}

/**
 * The plans moved by a flex shift of `ms`: scheduled times and unmoved checkpoints shift; a
 * checkpoint that coverage moved stays on its request boundary ("leave instants never shift").
 */
export function shiftPlans(plans: readonly SegmentPlan[], ms: number): SegmentPlan[] {
  return plans.map((p) => ({
    ...p,
    scheduled: { start: p.scheduled.start + ms, end: p.scheduled.end + ms },
    in: p.inMoved ? p.in : p.in + ms,
    out: p.outMoved ? p.out : p.out + ms,
  }));
}
