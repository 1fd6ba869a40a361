import assert from 'node:assert/strict';
import type { DayCaseInput, DayResult, ShiftInput } from '../../src/rules/index.js';

/** Site-local instant on a date in Asia/Shanghai (+08:00). */
export const at = (hhmm: string, date = '2026-03-02'): string => `${date}T${hhmm}:00+08:00`;

/** The rules.md example shift: 09:00–18:00 with a 12:00–13:00 break, defaults otherwise. */
export const officeShift = (extra: Partial<ShiftInput> = {}): ShiftInput => ({
  segments: [{ start: '09:00', end: '18:00' }],
  breaks: [{ start: '12:00', end: '13:00' }],
  ...extra,
});

/** A workday case on 2 March 2026 with the example shift unless overridden. */
export const officeDay = (extra: Partial<DayCaseInput> = {}): DayCaseInput => ({
  timezone: 'Asia/Shanghai',
  date: '2026-03-02',
  shift: officeShift(),
  punches: [],
  ...extra,
});

export const leave = (subtype: string, from: string, to: string, status = 'approved' as const) => ({
  type: 'leave' as const, subtype, start: at(from), end: at(to), status,
});

/** Asserts every field named in `expected` (deep equality per field, so messages name the field). */
export function assertFields(actual: DayResult, expected: Partial<DayResult>): void {
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(actual[key as keyof DayResult], value, `field ${key}`);
  }
}
