import type { OutOfRangePolicy } from '../model/dayCase.js';
import type { ParsedPunch, ParsedRequest } from '../model/parse.js';
import { truncateToMinute, type Instant } from '../time.js';

/** A punch truncated to its minute; `correction` marks one added by an approved 补卡 request. */
export interface DayPunch {
  readonly at: Instant;
  readonly location: 'inside' | 'outside';
  readonly correction: boolean;
}

/**
 * Truncates punches to the minute and merges those sharing a minute (inside wins over outside);
 * approved corrections add an inside punch at their start. Sorted by time.
 */
function addPunch(byMinute: Map<Instant, DayPunch>, p: DayPunch): void {
  const prev = byMinute.get(p.at);
  if (!prev) byMinute.set(p.at, p);
  else if (prev.location === 'outside' && p.location === 'inside') byMinute.set(p.at, p);
  else if (prev.location === p.location && !prev.correction && p.correction) byMinute.set(p.at, p);
}

export function normalizePunches(punches: readonly ParsedPunch[], requests: readonly ParsedRequest[]): DayPunch[] {
  const byMinute = new Map<Instant, DayPunch>();
  for (const p of punches) addPunch(byMinute, { at: truncateToMinute(p.at), location: p.location, correction: false });
  for (const r of requests) {
    if (r.type === 'correction' && r.status === 'approved') {
      addPunch(byMinute, { at: truncateToMinute(r.start), location: 'inside', correction: true });
    }
  }
  return [...byMinute.values()].sort((a, b) => a.at - b.at);
}

/** Under the `reject` policy outside punches take no part in anything (rules.md, "Location verdicts"). */
export function splitRejected(
  punches: readonly DayPunch[],
  policy: OutOfRangePolicy,
): { usable: DayPunch[]; rejected: DayPunch[] } {
  if (policy !== 'reject') return { usable: [...punches], rejected: [] };
  return {
    usable: punches.filter((p) => p.location === 'inside'),
    rejected: punches.filter((p) => p.location === 'outside'),
  };
}
