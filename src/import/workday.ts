import type { Policy } from '../../config/schema.js';
import { buildDays } from '../compute/days.js';
import { loadInputs } from '../compute/inputs.js';
import type { Db } from '../ledger/db.js';
import type { DayKey } from '../ledger/model.js';
import { buildSchedule } from '../rules/engine/schedule.js';
import { localToInstant } from '../rules/time.js';

/** The instants a working day spans. */
export interface DaySpan {
  start: number;
  end: number;
}

export const dayKey = (employeeId: string, date: string): string => `${employeeId}|${date}`;

/**
 * The working day of each (employee, date): from the first segment's start to the last one's end
 * of the shift the employee has that day, resolved exactly as recompute resolves it (rule group,
 * roster, calendar). A day without a shift spans the whole local calendar day.
 */
export async function workingDays(db: Db, keys: readonly DayKey[], policy: Policy, defaultTimezone: string): Promise<Map<string, DaySpan>> {
  const out = new Map<string, DaySpan>();
  if (keys.length === 0) return out;
  const wanted = new Map<string, Set<string>>();
  for (const k of keys) wanted.set(k.employeeId, (wanted.get(k.employeeId) ?? new Set()).add(k.workDate));
  const built = buildDays(await loadInputs(db, keys), wanted, policy, defaultTimezone);
  for (const b of built) {
    const { date, timezone, shift } = b.day;
    const segments = shift ? buildSchedule(shift, date, timezone).segments : [];
    const first = segments[0];
    const last = segments[segments.length - 1];
    out.set(
      dayKey(b.employeeId, date),
      first && last ? { start: first.start, end: last.end } : { start: localToInstant(date, 0, timezone), end: localToInstant(date, 24 * 60, timezone) },
    );
  }
  return out;
}
