import { intersect, normalize, subtract, totalMs, type Interval } from '../intervals.js';
import type { ParsedRequest } from '../model/parse.js';
import { msToMinutes } from '../time.js';
import type { Evaluation } from './evaluate.js';
import { segmentWorkingTime, workingTime } from './schedule.js';

export interface MinuteTotals {
  expected: number;
  required: number;
  worked: number;
  leave: Record<string, number>;
  trip: number;
  absent: number;
}

const interval = (r: ParsedRequest): Interval => ({ start: r.start, end: r.end });
const approved = (day: Evaluation['day'], types: readonly ParsedRequest['type'][]) =>
  day.requests.filter((r) => r.status === 'approved' && types.includes(r.type));

/**
 * Leave minutes per subtype: each request's overlap with working time not already claimed by an
 * earlier one, so overlapping leave is counted once (ordered by start, end, subtype — input order
 * never matters).
 */
function leaveBySubtype(working: Interval[], leave: readonly ParsedRequest[]): Record<string, number> {
  const ms = new Map<string, number>();
  let remaining = working;
  const sorted = [...leave].sort((a, b) => a.start - b.start || a.end - b.end || a.subtype.localeCompare(b.subtype));
  for (const r of sorted) {
    const part = totalMs(intersect(remaining, [interval(r)]));
    remaining = subtract(remaining, [interval(r)]);
    if (part > 0) ms.set(r.subtype, (ms.get(r.subtype) ?? 0) + part);
  }
  const out: Record<string, number> = {};
  for (const key of [...ms.keys()].sort()) {
    const minutes = msToMinutes(ms.get(key) ?? 0);
    if (minutes > 0) out[key] = minutes;
  }
  return out;
}

/** expected / required / worked / leave / trip / absent minutes (rules.md, "Breaks and worked time"). */
export function computeMinutes(ev: Evaluation): MinuteTotals {
  const schedule = ev.schedule;
  if (!schedule) return { expected: 0, required: 0, worked: 0, leave: {}, trip: 0, absent: 0 };
  const working = workingTime(schedule);
  const leaveRequests = approved(ev.day, ['leave']);
  const leave = normalize(leaveRequests.map(interval));
  const trips = normalize(approved(ev.day, ['trip', 'outing', 'field']).map(interval));
  const expected = msToMinutes(totalMs(working));
  const leaveMinutes = leaveBySubtype(working, leaveRequests);
  const required = expected - Object.values(leaveMinutes).reduce((a, b) => a + b, 0);
  // Trip time already taken by leave is leave, not trip.
  const trip = msToMinutes(totalMs(subtract(intersect(working, trips), leave)));
  let workedMs = 0;
  let absentMs = 0;
  for (const seg of ev.segments) {
    if (seg.state === 'attended' && seg.in.punch && seg.out.punch) {
      const start = Math.max(seg.in.punch.at, seg.plan.in);
      const end = Math.min(seg.out.punch.at, seg.plan.out);
      // Within the segment's working time: a checkpoint pinned on a request boundary may lie outside a flex-shifted segment.
      workedMs += totalMs(subtract(intersect([{ start, end }], segmentWorkingTime(schedule, seg.plan.scheduled)), leave));
    }
    if (seg.state === 'absent' || seg.state === 'absentLate') {
      // Required minutes of the segment, less those a trip covers (Fine points).
      absentMs += totalMs(subtract(segmentWorkingTime(schedule, seg.plan.scheduled), [...leave, ...trips]));
    }
  }
  return { expected, required, worked: msToMinutes(workedMs), leave: leaveMinutes, trip, absent: msToMinutes(absentMs) };
}
