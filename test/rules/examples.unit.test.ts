import assert from 'node:assert/strict';
import { computeDay, type DayCaseInput, type DayResult } from '../../src/rules/index.js';
import { assertFields, at, leave, officeDay, officeShift } from './fixtures.js';

/** The 19 numbered examples of rules.md ("Examples (input → key outputs)"). */
const examples: { n: string; input: DayCaseInput; expect: Partial<DayResult> }[] = [
  { n: '1', input: officeDay({ punches: [at('08:58'), at('18:03')] }), expect: { status: 'normal', workedMinutes: 480 } },
  {
    n: '2',
    input: officeDay({ shift: officeShift({ lateGraceMinutes: 5 }), punches: [at('09:07'), at('18:00')] }),
    expect: { status: 'exception', lateCount: 1, lateMinutes: 7 },
  },
  {
    n: '3',
    input: officeDay({ shift: officeShift({ lateGraceMinutes: 5 }), punches: [at('09:05'), at('18:00')] }),
    expect: { status: 'normal', lateCount: 0, lateMinutes: 0 },
  },
  { n: '4', input: officeDay({ punches: [at('08:55')] }), expect: { status: 'exception', missingCount: 1, workedMinutes: 0 } },
  { n: '5', input: officeDay(), expect: { status: 'absent', absentMinutes: 480, missingCount: 0 } },
  {
    n: '6',
    input: officeDay({ shift: officeShift({ seriousLateMinutes: 30 }), punches: [at('09:45'), at('18:00')] }),
    expect: { lateCount: 1, seriousLateCount: 1, lateMinutes: 45, status: 'exception' },
  },
  {
    n: '7',
    input: officeDay({ shift: officeShift({ seriousLateMinutes: 30, absentLateMinutes: 60 }), punches: [at('10:10'), at('18:00')] }),
    expect: { status: 'absent', lateCount: 0, absentMinutes: 480 },
  },
  {
    n: '8',
    input: officeDay({
      shift: { segments: [{ start: '22:00', end: '06:00' }] },
      punches: [at('21:50'), at('06:05', '2026-03-03')],
    }),
    expect: { date: '2026-03-02', status: 'normal', workedMinutes: 480 },
  },
  {
    n: '9',
    input: officeDay({ requests: [leave('annual', '09:00', '12:00')], punches: [at('12:58'), at('18:01')] }),
    expect: { status: 'normal', requiredMinutes: 300, leaveMinutes: { annual: 180 }, workedMinutes: 300 },
  },
  {
    n: '10',
    input: officeDay({ requests: [leave('annual', '09:00', '12:00')] }),
    expect: { status: 'absent', absentMinutes: 300, leaveMinutes: { annual: 180 } },
  },
  {
    n: '11',
    input: officeDay({
      requests: [{ type: 'correction', start: at('09:00'), status: 'approved' }],
      punches: [at('18:02')],
    }),
    expect: { status: 'normal', missingCount: 0 },
  },
  {
    n: '12a',
    input: officeDay({ shift: officeShift({ flex: { lateArriveMinutes: 30 } }), punches: [at('09:20'), at('18:20')] }),
    expect: { status: 'normal', lateCount: 0, earlyCount: 0 },
  },
  {
    n: '12b',
    input: officeDay({ shift: officeShift({ flex: { lateArriveMinutes: 30 } }), punches: [at('09:20'), at('18:10')] }),
    expect: { status: 'exception', earlyCount: 1, earlyMinutes: 10, lateCount: 0 },
  },
  {
    n: '13',
    input: officeDay({
      shift: officeShift({ overtime: { mode: 'punch', startAfterMinutes: 30, minMinutes: 30, unitMinutes: 30 } }),
      punches: [at('08:59'), at('20:10')],
    }),
    expect: { overtimeMinutes: 90, overtimeDayType: 'workday' },
  },
  {
    n: '14',
    input: { date: '2026-03-07', shift: null, overtime: { mode: 'punch' }, punches: [at('10:00', '2026-03-07'), at('15:10', '2026-03-07')] },
    expect: { status: 'rest', overtimeMinutes: 300, overtimeDayType: 'restday', dayType: 'restday' },
  },
  {
    n: '15',
    input: officeDay({
      shift: { segments: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }] },
      punches: [at('08:59'), at('12:01'), at('13:20'), at('18:00')],
    }),
    expect: { status: 'exception', lateCount: 1, lateMinutes: 20 },
  },
  {
    n: '16',
    input: officeDay({ requests: [leave('annual', '13:00', '18:00')], punches: [at('08:58'), at('12:00')] }),
    expect: { status: 'normal', requiredMinutes: 180, workedMinutes: 180 },
  },
  {
    n: '17',
    input: officeDay({ punches: [{ at: at('08:58'), location: 'outside' }, at('18:00')] }),
    expect: { status: 'exception', locationExceptionCount: 1, lateCount: 0, workedMinutes: 480 },
  },
  {
    n: '18',
    input: officeDay({ outOfRange: 'field', punches: [{ at: at('08:58'), location: 'outside' }, at('18:00')] }),
    expect: { status: 'normal', fieldCount: 1, locationExceptionCount: 0 },
  },
  {
    n: '19',
    input: officeDay({ outOfRange: 'reject', punches: [{ at: at('08:58'), location: 'outside' }, at('18:00')] }),
    expect: { status: 'exception', missingCount: 1, unmatched: [at('08:58')] },
  },
];

describe('rules.md numbered examples', () => {
  for (const ex of examples) {
    it(`example ${ex.n}`, () => assertFields(computeDay(ex.input), ex.expect));
  }

  it('example 16: the out checkpoint moves to 12:00 and its window starts at 10:30', () => {
    const shifted = computeDay(officeDay({ requests: [leave('annual', '13:00', '18:00')], punches: [at('08:58'), at('10:30')] }));
    assert.equal(shifted.checkpoints[1]?.expected, at('12:00'));
    assert.equal(shifted.checkpoints[1]?.actual, at('10:30'));
    const before = computeDay(officeDay({ requests: [leave('annual', '13:00', '18:00')], punches: [at('08:58'), at('10:29')] }));
    assert.equal(before.checkpoints[1]?.result, 'missing');
  });
});

describe('rules.md day result example', () => {
  it('reproduces every field shown', () => {
    const result = computeDay({
      timezone: 'Asia/Shanghai',
      date: '2026-03-02',
      dayType: 'workday',
      shift: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }] },
      punches: ['2026-03-02T12:58:00+08:00', '2026-03-02T18:03:00+08:00'],
      requests: [{ type: 'leave', subtype: 'annual', start: '2026-03-02T09:00:00+08:00', end: '2026-03-02T12:00:00+08:00', status: 'approved' }],
      neighbours: { previousEnd: '2026-03-01T18:00:00+08:00', nextStart: '2026-03-03T09:00:00+08:00' },
    });
    const { reasons, ...rest } = result;
    assert.deepEqual(rest, {
      date: '2026-03-02', dayType: 'workday', status: 'normal',
      expectedMinutes: 480, requiredMinutes: 300, workedMinutes: 300,
      lateCount: 0, lateMinutes: 0, seriousLateCount: 0,
      earlyCount: 0, earlyMinutes: 0,
      missingCount: 0, absentMinutes: 0,
      leaveMinutes: { annual: 180 }, tripMinutes: 0,
      locationExceptionCount: 0, fieldCount: 0,
      overtimeMinutes: 0, overtimeDayType: 'workday',
      checkpoints: [
        { kind: 'in', expected: '2026-03-02T13:00:00+08:00', actual: '2026-03-02T12:58:00+08:00', result: 'normal', minutes: 0 },
        { kind: 'out', expected: '2026-03-02T18:00:00+08:00', actual: '2026-03-02T18:03:00+08:00', result: 'normal', minutes: 0 },
      ],
      unmatched: [],
    });
    assert.deepEqual(reasons, ['annual leave 09:00–12:00 covers the start; in checkpoint moved to 13:00']);
    assert.deepEqual(Object.keys(result), [
      'date', 'dayType', 'status', 'expectedMinutes', 'requiredMinutes', 'workedMinutes', 'lateCount', 'lateMinutes',
      'seriousLateCount', 'earlyCount', 'earlyMinutes', 'missingCount', 'absentMinutes', 'leaveMinutes', 'tripMinutes',
      'locationExceptionCount', 'fieldCount', 'overtimeMinutes', 'overtimeDayType', 'checkpoints', 'unmatched', 'reasons',
    ]);
  });
});
