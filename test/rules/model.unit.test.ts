import assert from 'node:assert/strict';
import { DEFAULT_OVERTIME_POLICY, parseDayCase, parseShift, RULES_VERSION } from '../../src/rules/index.js';
import { at, officeDay } from './fixtures.js';

describe('rules: model', () => {
  it('fills every shift default', () => {
    assert.deepEqual(parseShift({ segments: [{ start: '09:00', end: '18:00' }] }), {
      segments: [{ start: '09:00', end: '18:00' }],
      breaks: [],
      windowBeforeMinutes: 120,
      windowAfterMinutes: 240,
      lateGraceMinutes: 0,
      earlyGraceMinutes: 0,
      seriousLateMinutes: null,
      absentLateMinutes: null,
      flex: null,
      overtime: { mode: 'none', startAfterMinutes: 30, minMinutes: 30, unitMinutes: 30, maxMinutes: 240, restDayMaxMinutes: 720 },
    });
    assert.deepEqual(parseShift({ segments: [{ start: '09:00', end: '18:00' }], flex: { lateArriveMinutes: 30 } }).flex, {
      earlyArriveMinutes: 0, lateArriveMinutes: 30,
    });
    assert.equal(parseShift({ segments: [{ start: '09:00', end: '18:00' }], overtime: { mode: 'punch', maxMinutes: 60 } }).overtime.unitMinutes, 30);
  });

  it('defaults the case: timezone, dayType by shift, rule-group overtime, outOfRange', () => {
    const withShift = parseDayCase({ date: '2026-03-02', shift: { segments: [{ start: '09:00', end: '18:00' }] } });
    const noShift = parseDayCase({ date: '2026-03-07', shift: null });
    assert.ok(withShift.ok && noShift.ok);
    assert.equal(withShift.day.timezone, 'Asia/Shanghai');
    assert.equal(withShift.day.dayType, 'workday');
    assert.equal(noShift.day.dayType, 'restday');
    assert.deepEqual(noShift.day.overtime, DEFAULT_OVERTIME_POLICY);
    assert.equal(noShift.day.outOfRange, 'exception');
  });

  it('reads instants with offsets as given and without one as site-local', () => {
    const out = parseDayCase(officeDay({ punches: ['2026-03-02T09:00:00', '2026-03-02T01:00:00Z', { at: at('09:00') }] }));
    assert.ok(out.ok);
    const [a, b, c] = out.day.punches.map((p) => p.at);
    assert.equal(a, b);
    assert.equal(b, c);
  });

  it('reports every malformed field with its path', () => {
    const out = parseDayCase({
      date: '2026-02-30',
      shift: { segments: [{ start: '48:00', end: '18:00' }], lateGraceMinutes: -1 },
      punches: ['yesterday'],
      requests: [{ type: 'leave', start: at('12:00'), end: at('09:00'), status: 'approved' }],
    });
    assert.ok(!out.ok);
    const paths = out.issues.map((i) => i.path);
    for (const p of ['date', 'shift.segments.0.start', 'shift.lateGraceMinutes', 'punches.0']) assert.ok(paths.includes(p), p);
    const order = parseDayCase(officeDay({ requests: [{ type: 'leave', start: at('12:00'), end: at('09:00'), status: 'approved' }] }));
    assert.ok(!order.ok);
    assert.deepEqual(order.issues, [{ path: 'requests.0.end', message: 'expected an end not before the start' }]);
  });

  it('has a rules version', () => {
    assert.match(RULES_VERSION, /^\d+\.\d+\.\d+$/);
  });
});
