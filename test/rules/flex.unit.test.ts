import assert from 'node:assert/strict';
import { computeDay } from '../../src/rules/index.js';
import { assertFields, at, leave, officeDay, officeShift } from './fixtures.js';

const flex = (earlyArriveMinutes: number, lateArriveMinutes: number, extra = {}) =>
  officeShift({ flex: { earlyArriveMinutes, lateArriveMinutes }, ...extra });

describe('rules: flexible hours', () => {
  it('late arrival within the allowance moves the whole day, breaks included', () => {
    const r = computeDay(officeDay({ shift: flex(0, 30), punches: [at('09:20'), at('18:20')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('09:20'), at('18:20')]);
    assertFields(r, { status: 'normal', workedMinutes: 480 });
  });

  it('arrival beyond the allowance shifts by the allowance and the rest is late', () => {
    const r = computeDay(officeDay({ shift: flex(0, 30), punches: [at('09:45'), at('18:30')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('09:30'), at('18:30')]);
    assertFields(r, { status: 'exception', lateMinutes: 15, earlyCount: 0 });
  });

  it('early arrival moves the day earlier (早到早走)', () => {
    const r = computeDay(officeDay({ shift: flex(30, 30), punches: [at('08:40'), at('17:40')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('08:40'), at('17:40')]);
    assertFields(r, { status: 'normal', workedMinutes: 480 });
    const noEarly = computeDay(officeDay({ shift: flex(0, 30), punches: [at('08:40'), at('17:40')] }));
    assertFields(noEarly, { earlyMinutes: 20, status: 'exception' });
  });

  it('without an in punch nothing shifts', () => {
    const r = computeDay(officeDay({ shift: flex(30, 30), punches: [at('18:20')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('09:00'), at('18:00')]);
    assertFields(r, { missingCount: 1, status: 'exception' });
  });

  it('the first in punch uses unshifted windows, every other window the shifted schedule', () => {
    const shift = flex(0, 60, { segments: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], breaks: [] });
    // Shift +60: segments 10:00–13:00 and 14:00–19:00, gap midpoint 13:30.
    const r = computeDay(officeDay({ shift, punches: [at('10:00'), at('13:20'), at('13:35'), at('19:00')] }));
    assert.deepEqual(r.checkpoints.map((c) => [c.expected, c.actual, c.result]), [
      [at('10:00'), at('10:00'), 'normal'],
      [at('13:00'), at('13:20'), 'normal'],
      [at('14:00'), at('13:35'), 'normal'],
      [at('19:00'), at('19:00'), 'normal'],
    ]);
    assert.equal(r.workedMinutes, 480);
  });

  it('leave instants never shift: a start covered by leave is judged against the leave boundary, unshifted', () => {
    const r = computeDay(officeDay({ shift: flex(0, 30), requests: [leave('annual', '09:00', '12:00')], punches: [at('13:10'), at('18:00')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('13:00'), at('18:00')]);
    assertFields(r, { lateMinutes: 10, status: 'exception', earlyCount: 0 });
  });

  it('leave instants never shift: an out checkpoint moved by leave stays while the rest shifts', () => {
    const r = computeDay(officeDay({ shift: flex(0, 30), requests: [leave('annual', '13:00', '18:00')], punches: [at('09:20'), at('12:20')] }));
    assert.deepEqual(r.checkpoints.map((c) => c.expected), [at('09:20'), at('12:00')]);
    assertFields(r, { status: 'normal', lateCount: 0, earlyCount: 0, workedMinutes: 160 });
  });
});
