import type { ParsedRequest } from '../model/parse.js';
import { formatClock, type Instant } from '../time.js';

/** Formats instants for reasons: local clock relative to the work date. */
export interface ClockFormatter {
  (t: Instant): string;
}

export function clockFormatter(zone: string, workDate: string): ClockFormatter {
  return (t) => formatClock(t, zone, workDate);
}

const TYPE_NAMES: Record<ParsedRequest['type'], string> = {
  leave: 'leave',
  trip: 'trip',
  outing: 'outing',
  field: 'field approval',
  correction: 'correction',
  overtime: 'overtime request',
};

/** e.g. `annual leave 09:00–12:00`, `trip 08:00–10:00`. */
export function describeRequest(r: ParsedRequest, clock: ClockFormatter): string {
  const name = r.type === 'leave' ? `${r.subtype === 'leave' ? '' : `${r.subtype} `}leave` : TYPE_NAMES[r.type];
  return `${name} ${clock(r.start)}–${clock(r.end)}`;
}
