import type { Instant } from './time.js';

/** A half-open interval [start, end) of instants. */
export interface Interval {
  readonly start: Instant;
  readonly end: Instant;
}

const byStartThenEnd = (a: Interval, b: Interval): number => a.start - b.start || a.end - b.end;

/** Sorted, merged (overlapping or touching), non-empty intervals. */
export function normalize(list: readonly Interval[]): Interval[] {
  // Hot path: the engine's lists are tiny and usually already sorted and disjoint.
  if (list.length === 0) return [];
  if (list.length === 1) {
    const only = list[0] as Interval;
    return only.end > only.start ? [{ start: only.start, end: only.end }] : [];
  }
  // Already non-empty and in order (the usual case): no copy, no sort (a stable sort would keep it as is).
  let ordered = true;
  for (let k = 0; k < list.length && ordered; k++) {
    const i = list[k] as Interval;
    if (!(i.end > i.start) || (k > 0 && byStartThenEnd(list[k - 1] as Interval, i) > 0)) ordered = false;
  }
  let sorted: readonly Interval[] = list;
  if (!ordered) {
    const copy: Interval[] = [];
    for (const i of list) if (i.end > i.start) copy.push(i);
    sorted = copy.sort(byStartThenEnd);
  }
  const out: Interval[] = [];
  let start = 0;
  let end = 0;
  let open = false;
  for (const i of sorted) {
    if (open && i.start <= end) {
      if (i.end > end) end = i.end;
    } else {
      if (open) out.push({ start, end });
      start = i.start;
      end = i.end;
      open = true;
    }
  }
  if (open) out.push({ start, end });
  return out;
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const xs = normalize(a);
  const ys = normalize(b);
  const out: Interval[] = [];
  for (const x of xs) {
    for (const y of ys) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ start, end });
    }
  }
  return normalize(out);
}

export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let rest = normalize(a);
  const cuts = normalize(b);
  for (const cut of cuts) {
    const next: Interval[] = [];
    for (const x of rest) {
      if (cut.end <= x.start || cut.start >= x.end) {
        next.push(x);
        continue;
      }
      if (cut.start > x.start) next.push({ start: x.start, end: cut.start });
      if (cut.end < x.end) next.push({ start: cut.end, end: x.end });
    }
    rest = next;
  }
  return rest;
}

export function totalMs(list: readonly Interval[]): number {
  let sum = 0;
  for (const i of normalize(list)) sum += i.end - i.start;
  return sum;
}

/** True when `t` lies in one of the intervals (start inclusive, end exclusive). */
export function containsInstant(list: readonly Interval[], t: Instant): boolean {
  for (const i of list) if (i.start <= t && t < i.end) return true;
  return false;
}
