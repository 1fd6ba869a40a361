import fc from 'fast-check';
import type { DayCaseInput, ShiftInput } from '../../src/rules/index.js';

/** Day cases for property tests: Asia/Shanghai, 2 March 2026, whole-minute shift times. */
export const DATE = '2026-03-02';
export const MIDNIGHT = Date.UTC(2026, 2, 2) - 8 * 3_600_000; // local 00:00 of DATE in +08:00
const MIN = 60_000;

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export const iso = (ms: number) => new Date(ms).toISOString();

const shiftArb: fc.Arbitrary<ShiftInput> = fc
  .record({
    start: fc.integer({ min: 0, max: 23 * 60 }),
    len: fc.integer({ min: 60, max: 600 }),
    second: fc.option(fc.record({ gap: fc.integer({ min: 15, max: 180 }), len: fc.integer({ min: 30, max: 300 }) }), { nil: undefined }),
    breakAt: fc.option(fc.integer({ min: 10, max: 50 }), { nil: undefined }),
    grace: fc.integer({ min: 0, max: 15 }),
    serious: fc.option(fc.integer({ min: 15, max: 60 }), { nil: null }),
    absent: fc.option(fc.integer({ min: 61, max: 180 }), { nil: null }),
    flex: fc.option(fc.record({ earlyArriveMinutes: fc.integer({ min: 0, max: 60 }), lateArriveMinutes: fc.integer({ min: 0, max: 60 }) }), { nil: null }),
    mode: fc.constantFrom('none', 'punch', 'approval', 'approval-and-punch' as const),
    windowBefore: fc.integer({ min: 0, max: 240 }),
    windowAfter: fc.integer({ min: 0, max: 300 }),
  })
  .map((s) => {
    const segments = [{ start: clock(s.start), end: clock(s.start + s.len) }];
    if (s.second) {
      const from = s.start + s.len + s.second.gap;
      segments.push({ start: clock(from), end: clock(from + s.second.len) });
    }
    const breaks = s.breakAt === undefined ? [] : [{ start: clock(s.start + Math.floor((s.len * s.breakAt) / 100)), end: clock(s.start + Math.floor((s.len * s.breakAt) / 100) + 30) }];
    return {
      segments, breaks, lateGraceMinutes: s.grace, seriousLateMinutes: s.serious, absentLateMinutes: s.absent, flex: s.flex,
      windowBeforeMinutes: s.windowBefore, windowAfterMinutes: s.windowAfter, overtime: { mode: s.mode, minMinutes: 15, unitMinutes: 15 },
    };
  });

/** A punch minute from 6 hours before the date to the end of the next day, with seconds. */
const punchArb = fc
  .record({ minute: fc.integer({ min: -360, max: 48 * 60 }), second: fc.integer({ min: 0, max: 59 }), location: fc.constantFrom('inside', 'outside', 'uncertain', undefined) })
  .map(({ minute, second, location }) => {
    const at = iso(MIDNIGHT + minute * MIN + second * 1000);
    return location === undefined ? at : { at, location };
  });

const requestArb = fc
  .record({
    type: fc.constantFrom('leave', 'trip', 'outing', 'field', 'correction', 'overtime' as const),
    subtype: fc.constantFrom('annual', 'sick', 'time_off'),
    start: fc.integer({ min: 0, max: 36 * 60 }),
    len: fc.integer({ min: 0, max: 600 }),
    status: fc.constantFrom('approved', 'approved', 'pending', 'rejected' as const),
  })
  .map((r) => ({ type: r.type, subtype: r.subtype, start: iso(MIDNIGHT + r.start * MIN), end: iso(MIDNIGHT + (r.start + r.len) * MIN), status: r.status }));

export const dayCaseArb: fc.Arbitrary<DayCaseInput> = fc
  .record({
    shift: fc.option(shiftArb, { nil: null, freq: 5 }),
    dayType: fc.constantFrom('workday', 'restday', 'holiday', 'makeup', undefined),
    punches: fc.array(punchArb, { maxLength: 8 }),
    requests: fc.array(requestArb, { maxLength: 3 }),
    outOfRange: fc.constantFrom('exception', 'field', 'reject' as const),
    previousEnd: fc.option(fc.integer({ min: -12 * 60, max: -60 }), { nil: undefined }),
    nextStart: fc.option(fc.integer({ min: 30 * 60, max: 40 * 60 }), { nil: undefined }),
  })
  .map((c) => ({
    timezone: 'Asia/Shanghai',
    date: DATE,
    shift: c.shift,
    ...(c.dayType ? { dayType: c.dayType } : {}),
    punches: c.punches,
    requests: c.requests,
    outOfRange: c.outOfRange,
    overtime: { mode: 'punch' as const },
    neighbours: {
      ...(c.previousEnd !== undefined ? { previousEnd: iso(MIDNIGHT + c.previousEnd * MIN) } : {}),
      ...(c.nextStart !== undefined ? { nextStart: iso(MIDNIGHT + c.nextStart * MIN) } : {}),
    },
  }));

/** A deterministic shuffle driven by fast-check's generated keys. */
export function shuffle<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items.map((item, i) => ({ item, key: keys[i % Math.max(keys.length, 1)] ?? 0, i })).sort((a, b) => a.key - b.key || b.i - a.i).map((x) => x.item);
}
