import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { computeDay, computeParsedDay, parseDayCaseOrThrow, type DayCaseInput, type DayResult } from '../../src/rules/index.js';
import { evaluate } from '../../src/rules/engine/evaluate.js';
import { inWindow } from '../../src/rules/engine/windows.js';
import { localDateOf, truncateToMinute } from '../../src/rules/time.js';
import { DATE, MIDNIGHT, dayCaseArb, iso, shuffle } from './arbitraries.js';

const runs = { numRuns: 150 };
const ZONE = 'Asia/Shanghai';

describe('rules: properties of computeDay', () => {
  it('never depends on the order of punches or requests', () => {
    fc.assert(
      fc.property(dayCaseArb, fc.array(fc.integer(), { minLength: 1, maxLength: 10 }), (c, keys) => {
        const shuffled: DayCaseInput = { ...c, punches: shuffle(c.punches ?? [], keys), requests: shuffle(c.requests ?? [], keys.slice().reverse()) };
        assert.deepEqual(computeDay(shuffled), computeDay(c));
      }),
      runs,
    );
  });

  /**
   * Invariant: adding a punch whose minute lies outside every window of the work date (on a day
   * without a shift: outside its local date) and shares no minute with another punch leaves every
   * field unchanged except `unmatched`, which gains exactly that punch (truncated, in time order) —
   * and, under the reject policy with an `outside` punch, `reasons`, which name rejected punches.
   */
  it('a punch outside every window only joins unmatched', () => {
    fc.assert(
      fc.property(dayCaseArb, fc.integer({ min: -600, max: 49 * 60 }), fc.constantFrom('inside', 'outside', 'uncertain' as const), (c, minute, location) => {
        const day = parseDayCaseOrThrow(c);
        const ev = evaluate(day);
        const t = MIDNIGHT + minute * 60_000;
        const outside = ev.schedule ? !ev.windows.some((w) => inWindow(w, t)) : localDateOf(t, ZONE) !== DATE;
        fc.pre(outside && !day.punches.some((p) => truncateToMinute(p.at) === t));
        fc.pre(!day.requests.some((r) => r.type === 'correction' && truncateToMinute(r.start) === t));
        const before = computeParsedDay(day);
        const after = computeDay({ ...c, punches: [...(c.punches ?? []), { at: iso(t + 17_000), location }] });
        const expectedUnmatched = [...before.unmatched, iso(t)].map((s) => Date.parse(s)).sort((a, b) => a - b);
        assert.deepEqual(after.unmatched.map((s) => Date.parse(s)), expectedUnmatched);
        const strip = (r: DayResult, keepReasons: boolean) => ({ ...r, unmatched: [], reasons: keepReasons ? r.reasons : [] });
        const keepReasons = !(day.outOfRange === 'reject' && location === 'outside');
        assert.deepEqual(strip(after, keepReasons), strip(before, keepReasons));
      }),
      runs,
    );
  });

  it('minute totals stay consistent: worked ≤ required ≤ expected, absent ≤ required', () => {
    fc.assert(
      fc.property(dayCaseArb, (c) => {
        const r = computeDay(c);
        assert.ok(r.workedMinutes <= r.expectedMinutes, 'worked ≤ expected');
        assert.ok(r.workedMinutes <= r.requiredMinutes, 'worked ≤ required');
        assert.ok(r.requiredMinutes <= r.expectedMinutes && r.requiredMinutes >= 0);
        assert.ok(r.absentMinutes <= r.requiredMinutes);
        assert.equal(r.expectedMinutes - r.requiredMinutes, Object.values(r.leaveMinutes).reduce((a, b) => a + b, 0));
        assert.ok(r.seriousLateCount <= r.lateCount);
        assert.equal(r.checkpoints.length, 2 * (c.shift?.segments.length ?? 0));
        assert.ok(r.overtimeMinutes >= 0);
      }),
      runs,
    );
  });

  it('moving every input by whole days moves the result by the same days', () => {
    const move = (text: string, days: number) => DateTime.fromISO(text, { zone: ZONE }).plus({ days }).toISO({ suppressMilliseconds: true }) ?? '';
    fc.assert(
      fc.property(dayCaseArb, fc.integer({ min: -400, max: 400 }), (c, days) => {
        const moved: DayCaseInput = {
          ...c,
          date: DateTime.fromISO(DATE).plus({ days }).toISODate() ?? '',
          punches: (c.punches ?? []).map((p) => (typeof p === 'string' ? move(p, days) : { ...p, at: move(p.at, days) })),
          requests: (c.requests ?? []).map((r) => ({ ...r, start: move(r.start, days), ...(r.end ? { end: move(r.end, days) } : {}) })),
          neighbours: Object.fromEntries(Object.entries(c.neighbours ?? {}).map(([k, v]) => [k, typeof v === 'string' ? move(v, days) : v])),
        };
        const original = computeDay(c);
        const expected: DayResult = {
          ...original,
          date: moved.date,
          checkpoints: original.checkpoints.map((cp) => ({ ...cp, expected: move(cp.expected, days), actual: cp.actual === null ? null : move(cp.actual, days) })),
          unmatched: original.unmatched.map((u) => move(u, days)),
        };
        assert.deepEqual(computeDay(moved), expected);
      }),
      runs,
    );
  });

  it('replaying a case gives identical output and does not change the input', () => {
    fc.assert(
      fc.property(dayCaseArb, (c) => {
        const snapshot = JSON.stringify(c);
        const first = JSON.stringify(computeDay(c));
        assert.equal(JSON.stringify(computeDay(JSON.parse(snapshot) as DayCaseInput)), first);
        assert.equal(JSON.stringify(c), snapshot);
      }),
      runs,
    );
  });
});
