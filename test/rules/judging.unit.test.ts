import assert from 'node:assert/strict';
import { computeDay } from '../../src/rules/index.js';
import { assertFields, at, officeDay, officeShift } from './fixtures.js';

describe('rules: judging checkpoints', () => {
  it('serious late is "more than": 30 is late, 31 serious', () => {
    const shift = officeShift({ seriousLateMinutes: 30 });
    assertFields(computeDay(officeDay({ shift, punches: [at('09:30'), at('18:00')] })), { lateCount: 1, seriousLateCount: 0, lateMinutes: 30 });
    assertFields(computeDay(officeDay({ shift, punches: [at('09:31'), at('18:00')] })), { lateCount: 1, seriousLateCount: 1, lateMinutes: 31 });
  });

  it('early grace: 5 minutes early is normal, 6 is early', () => {
    const shift = officeShift({ earlyGraceMinutes: 5 });
    assertFields(computeDay(officeDay({ shift, punches: [at('09:00'), at('17:55')] })), { status: 'normal', earlyCount: 0 });
    assertFields(computeDay(officeDay({ shift, punches: [at('09:00'), at('17:54')] })), { status: 'exception', earlyCount: 1, earlyMinutes: 6 });
  });

  it('late minutes are plain clock differences, across a break too', () => {
    const r = computeDay(officeDay({ shift: officeShift({ seriousLateMinutes: 300 }), punches: [at('13:10'), at('18:00')] }));
    assertFields(r, { lateMinutes: 250, seriousLateCount: 0, workedMinutes: 290 });
  });

  it('absent-late: segment absent, out checkpoint not judged, no worked minutes', () => {
    const r = computeDay(officeDay({ shift: officeShift({ absentLateMinutes: 60 }), punches: [at('10:01'), at('17:00')] }));
    assertFields(r, { status: 'absent', lateCount: 0, earlyCount: 0, missingCount: 0, workedMinutes: 0, absentMinutes: 480 });
    assert.deepEqual(r.checkpoints.map((c) => [c.result, c.minutes, c.actual]), [
      ['absentLate', 61, at('10:01')],
      ['absent', 0, at('17:00')],
    ]);
    const noOut = computeDay(officeDay({ shift: officeShift({ absentLateMinutes: 60 }), punches: [at('10:01')] }));
    assertFields(noOut, { missingCount: 0, absentMinutes: 480 });
  });

  it('absent-late in one of two segments makes the day an exception', () => {
    const shift = officeShift({ segments: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], breaks: [], absentLateMinutes: 60 });
    const r = computeDay(officeDay({ shift, punches: [at('10:05'), at('12:00'), at('13:00'), at('18:00')] }));
    assertFields(r, { status: 'exception', absentMinutes: 180, workedMinutes: 300, lateCount: 0 });
  });

  it('one missing checkpoint counts as missing, both as an absent segment', () => {
    assertFields(computeDay(officeDay({ punches: [at('18:00')] })), { missingCount: 1, absentMinutes: 0, status: 'exception' });
    const none = computeDay(officeDay());
    assert.deepEqual(none.checkpoints.map((c) => c.result), ['absent', 'absent']);
  });

  it('location: selection ignores it; outside marks the checkpoint', () => {
    const r = computeDay(officeDay({ punches: [{ at: at('08:50'), location: 'outside' }, at('08:55'), at('18:00')] }));
    assert.equal(r.checkpoints[0]?.actual, at('08:50'));
    assert.equal(r.checkpoints[0]?.location, 'outside');
    assert.equal(r.checkpoints[1]?.location, undefined);
    assert.equal(r.locationExceptionCount, 1);
    assert.equal(r.status, 'exception');
  });

  it('location: reject removes outside punches from pairing and presence', () => {
    const r = computeDay(officeDay({
      outOfRange: 'reject',
      shift: officeShift({ overtime: { mode: 'punch' } }),
      punches: [at('08:55'), { at: at('21:00'), location: 'outside' }, at('18:00')],
    }));
    assertFields(r, { status: 'normal', overtimeMinutes: 0, unmatched: [at('21:00')] });
  });

  it('rest day without shift: status rest, punches of the date match, other dates are unmatched', () => {
    const r = computeDay({ date: '2026-03-07', shift: null, punches: [at('10:00', '2026-03-07'), at('23:00', '2026-03-06')] });
    assertFields(r, { status: 'rest', dayType: 'restday', checkpoints: [], unmatched: [at('23:00', '2026-03-06')], expectedMinutes: 0 });
  });

  it('a rest day or holiday with a shift is judged like a workday', () => {
    for (const dayType of ['restday', 'holiday', 'makeup'] as const) {
      const r = computeDay(officeDay({ dayType, punches: [at('09:10'), at('18:00')] }));
      assertFields(r, { dayType, status: 'exception', lateMinutes: 10 });
    }
  });
});
