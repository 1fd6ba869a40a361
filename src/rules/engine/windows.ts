import type { Neighbours } from '../model/parse.js';
import { MINUTE_MS, type Instant } from '../time.js';

/** A punch window, half-open: `from ≤ t < to`. */
export interface Window {
  readonly from: Instant;
  readonly to: Instant;
}

export interface SegmentWindows {
  readonly in: Window;
  readonly out: Window;
}

/** What window building needs to know of a segment. */
export interface WindowedSegment {
  readonly scheduled: { readonly start: Instant; readonly end: Instant };
  readonly covered: boolean;
  readonly in: Instant;
  readonly out: Instant;
}

export interface WindowSettings {
  readonly windowBeforeMinutes: number;
  readonly windowAfterMinutes: number;
}

export function inWindow(w: Window, t: Instant): boolean {
  return w.from <= t && t < w.to;
}

/**
 * The in- and out-window of each segment (null for a fully covered one).
 * In-window: [in − before, split); out-window: [split, out + after] — the inclusive end is
 * written as +1 ms since punches are whole milliseconds. Gaps between segments and towards the
 * neighbours are cut at their midpoint (on scheduled times); a punch exactly on a midpoint belongs
 * to the later checkpoint, so the earlier window ends before it and the later one starts at it.
 */
export function segmentWindows(
  segments: readonly WindowedSegment[],
  settings: WindowSettings,
  neighbours: Neighbours,
): (SegmentWindows | null)[] {
  const before = settings.windowBeforeMinutes * MINUTE_MS;
  const after = settings.windowAfterMinutes * MINUTE_MS;
  return segments.map((seg, i) => {
    if (seg.covered) return null;
    const prev = segments[i - 1];
    const next = segments[i + 1];
    const lower = prev
      ? (prev.scheduled.end + seg.scheduled.start) / 2
      : neighbours.previousEnd !== undefined
        ? (neighbours.previousEnd + seg.scheduled.start) / 2
        : -Infinity;
    const upper = next
      ? (seg.scheduled.end + next.scheduled.start) / 2
      : neighbours.nextStart !== undefined
        ? (seg.scheduled.end + neighbours.nextStart) / 2
        : Infinity;
    const split = (seg.in + seg.out) / 2;
    return {
      in: { from: Math.max(seg.in - before, lower), to: split },
      out: { from: split, to: Math.min(seg.out + after + 1, upper) },
    };
  });
}

/** Every window of a day, in order, for "is this punch inside any window?" questions. */
export function allWindows(windows: readonly (SegmentWindows | null)[]): Window[] {
  const out: Window[] = [];
  for (const w of windows) if (w) out.push(w.in, w.out);
  return out;
}
