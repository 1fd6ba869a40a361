import type { Instant } from './time.js';

/** A half-open interval [start, end) of instants. */
export interface Interval {
  readonly start: Instant;
  readonly end: Instant;
}

/** Sorted, merged (overlapping or touching), non-empty intervals. */
export function normalize(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, i.end) };
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of normalize(a)) {
    for (const y of normalize(b)) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ start, end });
    }
  }
  return normalize(out);
}

export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let rest = normalize(a);
  for (const cut of normalize(b)) {
    rest = rest.flatMap((x) => {
      if (cut.end <= x.start || cut.start >= x.end) return [x];
      const parts: Interval[] = [];
      if (cut.start > x.start) parts.push({ start: x.start, end: cut.start });
      if (cut.end < x.end) parts.push({ start: cut.end, end: x.end });
      return parts;
    });
  }
  return rest;
}

export function totalMs(list: readonly Interval[]): number {
  return normalize(list).reduce((sum, i) => sum + (i.end - i.start), 0);
}

/** True when `t` lies in one of the intervals (start inclusive, end exclusive). */
export function containsInstant(list: readonly Interval[], t: Instant): boolean {
  return list.some((i) => i.start <= t && t < i.end);
}
