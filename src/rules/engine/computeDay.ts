import { parseDayCaseOrThrow, type ParsedDay } from '../model/parse.js';
import type { DayCaseInput } from '../model/dayCase.js';
import type { CheckpointView, DayResult } from '../model/result.js';
import { formatInstant } from '../time.js';
import { evaluate, type Evaluation } from './evaluate.js';
import type { CheckpointOutcome } from './judge.js';
import { computeMinutes } from './minutes.js';
import { computeOvertime, overtimeDayTypeOf } from './overtime.js';
import { dayStatus } from './status.js';

function view(c: CheckpointOutcome, zone: string): CheckpointView {
  return {
    kind: c.kind,
    expected: formatInstant(c.expected, zone),
    actual: c.punch ? formatInstant(c.punch.at, zone) : null,
    result: c.result,
    minutes: c.minutes,
    ...(c.location ? { location: c.location } : {}),
  };
}

/** Totals and the result object from an evaluation. */
export function summarize(ev: Evaluation): DayResult {
  const zone = ev.day.timezone;
  const checkpoints: CheckpointOutcome[] = [];
  for (const s of ev.segments) checkpoints.push(s.in, s.out);
  // One pass over the checkpoints for every count and sum (a hot path: no closures per day).
  let lateCount = 0;
  let lateMinutes = 0;
  let seriousLateCount = 0;
  let earlyCount = 0;
  let earlyMinutes = 0;
  let missingCount = 0;
  let locationExceptionCount = 0;
  let fieldCount = 0;
  for (const c of checkpoints) {
    if (c.result === 'late' || c.result === 'seriousLate') {
      lateCount += 1;
      lateMinutes += c.minutes;
      if (c.result === 'seriousLate') seriousLateCount += 1;
    } else if (c.result === 'early') {
      earlyCount += 1;
      earlyMinutes += c.minutes;
    } else if (c.result === 'missing') {
      missingCount += 1;
    }
    if (c.location === 'outside') locationExceptionCount += 1;
    else if (c.location === 'field') fieldCount += 1;
  }
  const totals = computeMinutes(ev);
  const overtimeDayType = overtimeDayTypeOf(ev.day.dayType);
  const overtime = computeOvertime(ev, overtimeDayType);
  const status = dayStatus(ev.schedule !== null, ev.segments, totals, locationExceptionCount);
  const reasons = [...ev.reasons];
  if (!ev.schedule) reasons.unshift(`no shift this ${ev.day.dayType}: rest`);
  if (status === 'absent') reasons.push(`every required minute is absent (${totals.absent} min): absent`);
  reasons.push(...overtime.reasons);
  return {
    date: ev.day.date,
    dayType: ev.day.dayType,
    status,
    expectedMinutes: totals.expected,
    requiredMinutes: totals.required,
    workedMinutes: totals.worked,
    lateCount,
    lateMinutes,
    seriousLateCount,
    earlyCount,
    earlyMinutes,
    missingCount,
    absentMinutes: totals.absent,
    leaveMinutes: totals.leave,
    tripMinutes: totals.trip,
    locationExceptionCount,
    fieldCount,
    overtimeMinutes: overtime.minutes,
    overtimeDayType,
    checkpoints: checkpoints.map((c) => view(c, zone)),
    unmatched: ev.unmatched.map((p) => formatInstant(p.at, zone)),
    reasons,
  };
}

/** The day result of an already parsed case. Pure: no I/O, no clock. */
export function computeParsedDay(day: ParsedDay): DayResult {
  return summarize(evaluate(day));
}

/**
 * The day result of a day case in the JSON format of rules.md. Pure: no I/O, no clock.
 * Throws a ValidationError (with every issue's path) when the case is malformed.
 */
export function computeDay(input: DayCaseInput): DayResult {
  return computeParsedDay(parseDayCaseOrThrow(input));
}
