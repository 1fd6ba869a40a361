import { ValidationError, issuesFromZod } from '../../errors.js';
import { parseInstant, type Instant } from '../time.js';
import { dayCaseSchema, type DayCase, type DayType, type OutOfRangePolicy, type RequestStatus, type RequestType } from './dayCase.js';
import { DEFAULT_OVERTIME_POLICY, type OvertimePolicy, type Shift } from './shift.js';

/** A punch as the engine sees it: `uncertain` has already become `inside` (it is judged as inside). */
export interface ParsedPunch {
  at: Instant;
  location: 'inside' | 'outside';
}

export interface ParsedRequest {
  type: RequestType;
  /** Leave subtype; `leave` when a leave request names none. */
  subtype: string;
  start: Instant;
  /** Exclusive end; equal to `start` for a correction without one. */
  end: Instant;
  status: RequestStatus;
}

export interface Neighbours {
  previousEnd?: Instant;
  nextStart?: Instant;
}

/** The internal form of a day case: defaults applied, instants as UTC epoch ms. */
export interface ParsedDay {
  timezone: string;
  date: string;
  dayType: DayType;
  shift: Shift | null;
  punches: ParsedPunch[];
  requests: ParsedRequest[];
  neighbours: Neighbours;
  /** The rule group's overtime policy, used on days without a shift. */
  overtime: OvertimePolicy;
  outOfRange: OutOfRangePolicy;
}

export interface Issue {
  path: string;
  message: string;
}

export type ParseOutcome = { ok: true; day: ParsedDay } | { ok: false; issues: Issue[] };

/** Validates one day case (any JSON value) and converts it to the internal form. */
export function parseDayCase(json: unknown): ParseOutcome {
  const res = dayCaseSchema.safeParse(json);
  if (!res.success) return { ok: false, issues: issuesFromZod(res.error.issues) };
  return toParsedDay(res.data);
}

/** Like `parseDayCase`, but throws a ValidationError listing every issue. */
export function parseDayCaseOrThrow(json: unknown): ParsedDay {
  const out = parseDayCase(json);
  if (!out.ok) throw new ValidationError('invalid day case', out.issues);
  return out.day;
}

function toParsedDay(c: DayCase): ParseOutcome {
  const zone = c.timezone;
  const issues: Issue[] = [];
  // The schema has checked the syntax, so parseInstant only fails on values luxon rejects.
  const instant = (text: string, path: string): Instant => {
    const t = parseInstant(text, zone);
    if (t === null) {
      issues.push({ path, message: 'expected an ISO 8601 instant' });
      return 0;
    }
    return t;
  };
  const punches = c.punches.map((p, i): ParsedPunch => {
    if (typeof p === 'string') return { at: instant(p, `punches.${i}`), location: 'inside' };
    return { at: instant(p.at, `punches.${i}.at`), location: p.location === 'outside' ? 'outside' : 'inside' };
  });
  const requests = c.requests.map((r, i): ParsedRequest => {
    const start = instant(r.start, `requests.${i}.start`);
    const end = r.end === undefined ? start : instant(r.end, `requests.${i}.end`);
    if (end < start) issues.push({ path: `requests.${i}.end`, message: 'expected an end not before the start' });
    return { type: r.type, subtype: r.subtype ?? r.type, start, end, status: r.status };
  });
  // A canonical order, so that nothing downstream (reasons included) depends on input order.
  requests.sort(
    (a, b) =>
      a.start - b.start || a.end - b.end || a.type.localeCompare(b.type) || a.subtype.localeCompare(b.subtype) || a.status.localeCompare(b.status),
  );
  const neighbours: Neighbours = {};
  if (c.neighbours?.previousEnd) neighbours.previousEnd = instant(c.neighbours.previousEnd, 'neighbours.previousEnd');
  if (c.neighbours?.nextStart) neighbours.nextStart = instant(c.neighbours.nextStart, 'neighbours.nextStart');
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    day: {
      timezone: zone,
      date: c.date,
      dayType: c.dayType ?? (c.shift ? 'workday' : 'restday'),
      shift: c.shift,
      punches,
      requests,
      neighbours,
      overtime: c.overtime ?? DEFAULT_OVERTIME_POLICY,
      outOfRange: c.outOfRange,
    },
  };
}
