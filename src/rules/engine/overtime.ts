import { intersect, normalize, totalMs, type Interval } from '../intervals.js';
import type { OvertimeDayType } from '../model/result.js';
import type { OvertimePolicy } from '../model/shift.js';
import { MINUTE_MS, msToMinutes } from '../time.js';
import type { Evaluation } from './evaluate.js';
import type { ClockFormatter } from './labels.js';
import type { DayPunch } from './punches.js';

export function overtimeDayTypeOf(dayType: Evaluation['day']['dayType']): OvertimeDayType {
  return dayType === 'makeup' || dayType === 'workday' ? 'workday' : dayType;
}

/** The policy in force: the shift's own on a day with a shift, the rule group's otherwise. */
export function overtimePolicyOf(ev: Evaluation): OvertimePolicy {
  return ev.day.shift ? ev.day.shift.overtime : ev.day.overtime;
}

/**
 * Presence: first to last punch taken by a checkpoint on a day with a shift; first to last punch
 * of the local date on a day without one. Rejected punches never count.
 */
export function presenceOf(ev: Evaluation): Interval | null {
  const punches: DayPunch[] = [];
  if (ev.schedule) {
    for (const s of ev.segments) {
      if (s.in.punch !== null) punches.push(s.in.punch);
      if (s.out.punch !== null) punches.push(s.out.punch);
    }
  }
  const list = ev.schedule ? punches : ev.matched;
  if (list.length === 0) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const p of list) {
    start = Math.min(start, p.at);
    end = Math.max(end, p.at);
  }
  return { start, end };
}

function presenceText(presence: Interval | null, clock: ClockFormatter): string {
  return presence ? `presence ${clock(presence.start)}–${clock(presence.end)}` : 'no presence';
}

/** Raw overtime before min / unit / cap, with the explanation of how it was measured. */
function rawOvertime(ev: Evaluation, policy: OvertimePolicy, dayType: OvertimeDayType): { ms: number; how: string } {
  const clock = ev.clock;
  const presence = presenceOf(ev);
  const approvedIntervals = normalize(
    ev.day.requests.filter((r) => r.type === 'overtime' && r.status === 'approved').map((r) => ({ start: r.start, end: r.end })),
  );
  switch (policy.mode) {
    case 'none':
      return { ms: 0, how: '' };
    case 'approval':
      return { ms: totalMs(approvedIntervals), how: `approved overtime requests total ${msToMinutes(totalMs(approvedIntervals))} min` };
    case 'approval-and-punch': {
      const ms = presence ? totalMs(intersect(approvedIntervals, [presence])) : 0;
      return { ms, how: `approved overtime overlapping ${presenceText(presence, clock)}: ${msToMinutes(ms)} min` };
    }
    case 'punch': {
      const last = ev.segments[ev.segments.length - 1];
      if (!ev.schedule || !last || dayType !== 'workday') {
        const ms = presence ? presence.end - presence.start : 0;
        return { ms, how: `${presenceText(presence, clock)}: ${msToMinutes(ms)} min` };
      }
      const out = last.out.punch;
      if (!out) return { ms: 0, how: 'no out punch on the last segment' };
      const from = last.plan.scheduled.end + policy.startAfterMinutes * MINUTE_MS;
      const ms = Math.max(0, out.at - from);
      return { ms, how: `out ${clock(out.at)} − (${clock(last.plan.scheduled.end)} + ${policy.startAfterMinutes} min) = ${msToMinutes(ms)} min` };
    }
  }
}

/** Overtime minutes (rules.md, "Overtime"): raw → below min is 0 → whole units → cap. */
export function computeOvertime(ev: Evaluation, dayType: OvertimeDayType): { minutes: number; reasons: string[] } {
  const policy = overtimePolicyOf(ev);
  if (policy.mode === 'none') return { minutes: 0, reasons: [] };
  const { ms, how } = rawOvertime(ev, policy, dayType);
  const raw = msToMinutes(ms);
  if (raw <= 0) return { minutes: 0, reasons: [] }; // nothing to explain
  const steps: string[] = [`overtime (${policy.mode}): ${how}`];
  if (raw < policy.minMinutes) return { minutes: 0, reasons: [`${steps[0]}; below the ${policy.minMinutes} min minimum, so 0`] };
  let minutes = Math.floor(raw / policy.unitMinutes) * policy.unitMinutes;
  if (minutes !== raw) steps.push(`rounded down to ${minutes} min (${policy.unitMinutes}-min units)`);
  const cap = dayType === 'workday' ? policy.maxMinutes : policy.restDayMaxMinutes;
  if (cap !== null && minutes > cap) {
    minutes = cap;
    steps.push(`capped at ${cap} min (${dayType === 'workday' ? 'maxMinutes' : 'restDayMaxMinutes'})`);
  }
  return { minutes, reasons: [steps.join('; ')] };
}
