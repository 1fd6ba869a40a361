import assert from 'node:assert/strict';
import {
  assignPunchesToWorkDates,
  computeDay,
  neighboursFor,
  parseShift,
  type RosterDay,
} from '../../src/rules/index.js';
import { at } from './fixtures.js';

const ZONE = 'Asia/Shanghai';
const night = parseShift({ segments: [{ start: '22:00', end: '06:00' }] });
const early = parseShift({ segments: [{ start: '06:30', end: '15:00' }] });
const days: RosterDay[] = [
  { date: '2026-03-02', shift: night },
  { date: '2026-03-03', shift: early },
  { date: '2026-03-04', shift: night },
  { date: '2026-03-05', shift: null },
  { date: '2026-03-06', shift: null },
];

describe('rules: assigning punches to work dates', () => {
  const table: [string, string | null][] = [
    [at('21:50', '2026-03-02'), '2026-03-02'],
    [at('06:05', '2026-03-03'), '2026-03-02'], // the night shift's morning punch, not the next shift's
    [at('06:14', '2026-03-03'), '2026-03-02'],
    [at('06:15', '2026-03-03'), '2026-03-03'], // midpoint of 06:00 and 06:30 goes to the later date
    [at('15:10', '2026-03-03'), '2026-03-03'],
    [at('06:10', '2026-03-05'), '2026-03-04'], // a rest day's punch inside the previous night's window
    [at('12:00', '2026-03-05'), '2026-03-05'], // beyond that window: its local date
    [at('09:00', '2026-03-06'), '2026-03-06'],
    [at('09:00', '2026-03-07'), null],
    [at('10:00', '2026-03-01'), null],
  ];

  it('follows windows first, then the local date', () => {
    const punches = table.map(([p]) => Date.parse(p));
    assert.deepEqual(assignPunchesToWorkDates({ timezone: ZONE, days, punches }), table.map(([, d]) => d));
  });

  it('truncates punches to the minute like computeDay', () => {
    const punches = [Date.parse('2026-03-03T06:14:59+08:00')];
    assert.deepEqual(assignPunchesToWorkDates({ timezone: ZONE, days, punches }), ['2026-03-02']);
  });

  it('gives neighbours from adjacent dates only', () => {
    assert.deepEqual(neighboursFor(ZONE, days, 0), { nextStart: at('06:30', '2026-03-03') });
    assert.deepEqual(neighboursFor(ZONE, days, 1), { previousEnd: at('06:00', '2026-03-03'), nextStart: at('22:00', '2026-03-04') });
    assert.deepEqual(neighboursFor(ZONE, days, 3), { previousEnd: at('06:00', '2026-03-05') });
    assert.deepEqual(neighboursFor(ZONE, days, 4), {});
    const gap: RosterDay[] = [{ date: '2026-03-02', shift: early }, { date: '2026-03-04', shift: early }];
    assert.deepEqual(neighboursFor(ZONE, gap, 1), {});
  });

  it('agrees with computeDay: punches assigned by window are matched on their date', () => {
    const punches = table.map(([p]) => p);
    const dates = assignPunchesToWorkDates({ timezone: ZONE, days, punches: punches.map((p) => Date.parse(p)) });
    days.forEach((day, i) => {
      if (!day.shift) return;
      const mine = punches.filter((_, j) => dates[j] === day.date);
      const r = computeDay({ timezone: ZONE, date: day.date, shift: day.shift, punches: mine, neighbours: neighboursFor(ZONE, days, i) });
      assert.deepEqual(r.unmatched, [], day.date);
    });
  });

  it('respects coverage: a fully covered shift claims no punches', () => {
    const onLeave: RosterDay[] = [
      { date: '2026-03-02', shift: night, requests: [{ type: 'leave', subtype: 'annual', start: Date.parse(at('22:00')), end: Date.parse(at('06:00', '2026-03-03')), status: 'approved' }] },
      { date: '2026-03-03', shift: null },
    ];
    assert.deepEqual(assignPunchesToWorkDates({ timezone: ZONE, days: onLeave, punches: [Date.parse(at('06:05', '2026-03-03'))] }), ['2026-03-03']);
  });
});
