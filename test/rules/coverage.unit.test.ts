import assert from 'node:assert/strict';
import { computeDay } from '../../src/rules/index.js';
import { assertFields, at, leave, officeDay, officeShift } from './fixtures.js';

const req = (type: 'trip' | 'outing' | 'field', from: string, to: string) => ({ type, start: at(from), end: at(to), status: 'approved' as const });

describe('rules: requests overlaying a shift', () => {
  it('a trip covering the start moves the in checkpoint; trip minutes are reported', () => {
    const r = computeDay(officeDay({ requests: [req('trip', '08:00', '10:00')], punches: [at('10:00'), at('18:00')] }));
    assert.equal(r.checkpoints[0]?.expected, at('10:00'));
    assertFields(r, { status: 'normal', tripMinutes: 60, requiredMinutes: 480, workedMinutes: 420, leaveMinutes: {} });
    assert.ok(r.reasons.some((x) => x.includes('trip 08:00–10:00 covers the start')));
  });

  it('an outing covering the end moves the out checkpoint back', () => {
    const r = computeDay(officeDay({ requests: [req('outing', '16:00', '19:00')], punches: [at('09:00'), at('16:00')] }));
    assert.equal(r.checkpoints[1]?.expected, at('16:00'));
    assertFields(r, { status: 'normal', tripMinutes: 120, workedMinutes: 360 });
  });

  it('a field approval covering a checkpoint means that checkpoint needs no punch at its old time', () => {
    const r = computeDay(officeDay({ requests: [req('field', '09:00', '09:30')], punches: [at('09:25'), at('18:00')] }));
    assertFields(r, { status: 'normal', tripMinutes: 30, lateCount: 0 });
    assert.equal(r.checkpoints[0]?.expected, at('09:30'));
  });

  it('leave covering the end moves the out checkpoint past the break to the last uncovered minute', () => {
    const r = computeDay(officeDay({ requests: [leave('sick', '12:30', '18:00')], punches: [at('09:00'), at('11:55')] }));
    assert.equal(r.checkpoints[1]?.expected, at('12:00'));
    assertFields(r, { status: 'exception', earlyMinutes: 5, leaveMinutes: { sick: 300 }, requiredMinutes: 180, workedMinutes: 175 });
  });

  it('coverage strictly inside a segment moves nothing but is not required nor worked', () => {
    const r = computeDay(officeDay({ requests: [leave('personal', '14:00', '15:00')], punches: [at('09:00'), at('18:00')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('09:00'), at('18:00')]);
    assertFields(r, { status: 'normal', leaveMinutes: { personal: 60 }, requiredMinutes: 420, workedMinutes: 420 });
  });

  it('requests are half-open: ending at the start or starting at the end covers neither', () => {
    const r = computeDay(officeDay({
      requests: [leave('annual', '07:00', '09:00'), leave('annual', '18:00', '20:00')],
      punches: [at('09:00'), at('18:00')],
    }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('09:00'), at('18:00')]);
    assertFields(r, { leaveMinutes: {}, requiredMinutes: 480 });
  });

  it('a fully covered day is leave (any leave minutes) or trip', () => {
    const onLeave = computeDay(officeDay({ requests: [leave('annual', '08:00', '19:00')] }));
    assertFields(onLeave, { status: 'leave', leaveMinutes: { annual: 480 }, requiredMinutes: 0, absentMinutes: 0, workedMinutes: 0 });
    assert.deepEqual(onLeave.checkpoints.map((c) => [c.result, c.expected, c.actual]), [
      ['covered', at('09:00'), null],
      ['covered', at('18:00'), null],
    ]);
    const mixed = computeDay(officeDay({ requests: [leave('annual', '09:00', '12:00'), req('trip', '13:00', '18:00')] }));
    assertFields(mixed, { status: 'leave', leaveMinutes: { annual: 180 }, tripMinutes: 300 });
    const onTrip = computeDay(officeDay({ requests: [req('trip', '00:00', '23:00')] }));
    assertFields(onTrip, { status: 'trip', tripMinutes: 480, requiredMinutes: 480, absentMinutes: 0 });
  });

  it('overlapping leave is counted once, trip time under leave is leave', () => {
    const r = computeDay(officeDay({
      requests: [leave('sick', '10:00', '12:00'), leave('annual', '09:00', '11:00'), req('trip', '09:00', '10:00')],
      punches: [at('12:50'), at('18:00')],
    }));
    assertFields(r, { leaveMinutes: { annual: 120, sick: 60 }, tripMinutes: 0, requiredMinutes: 300, workedMinutes: 300, status: 'normal' });
  });

  it('in an absent segment, trip-covered minutes are not absent', () => {
    const r = computeDay(officeDay({ requests: [req('trip', '09:00', '10:00')] }));
    assertFields(r, { absentMinutes: 420, tripMinutes: 60, status: 'exception' });
    assert.deepEqual(r.checkpoints.map((c) => c.result), ['absent', 'absent']);
  });

  it('only approved requests count', () => {
    for (const status of ['pending', 'rejected', 'cancelled', 'revoked'] as const) {
      const r = computeDay(officeDay({ requests: [leave('annual', '09:00', '18:00', status as never)] }));
      assertFields(r, { status: 'absent', leaveMinutes: {}, absentMinutes: 480 });
    }
  });

  it('leave on one of two segments; the other judged as usual', () => {
    const shift = officeShift({ segments: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], breaks: [] });
    const r = computeDay(officeDay({ shift, requests: [leave('annual', '13:00', '18:00')], punches: [at('09:10'), at('12:00')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.result), ['late', 'normal', 'covered', 'covered']);
    assertFields(r, { status: 'exception', requiredMinutes: 180, workedMinutes: 170, lateMinutes: 10 });
  });
});
