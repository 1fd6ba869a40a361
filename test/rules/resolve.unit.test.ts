import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, datesInRange } from '../../src/rules/calendar/index.js';
import {
  compileGroup,
  indexRoster,
  resolveDay,
  resolveEmployees,
  resolveRange,
  ruleGroupPatternSchema,
  type RuleGroupPatternInput,
} from '../../src/rules/resolve/index.js';

const officeWeek: RuleGroupPatternInput = {
  kind: 'fixed',
  week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'short' },
};

function pick(group: ReturnType<typeof compileGroup>, date: string): [string | null, string, string] {
  const r = resolveDay(group, date);
  return [r.shiftId, r.source, r.dayType];
}

describe('resolve: fixed weekly groups', () => {
  const office = compileGroup(officeWeek);

  it('follows the week on ordinary days', () => {
    assert.deepEqual(pick(office, '2024-03-04'), ['day', 'pattern', 'workday']);
    assert.deepEqual(pick(office, '2024-03-08'), ['short', 'pattern', 'workday']);
    assert.deepEqual(pick(office, '2024-03-09'), [null, 'pattern', 'restday']);
  });

  it('rests on statutory holidays and works make-up days with the default (first weekday) shift', () => {
    assert.deepEqual(pick(office, '2024-02-12'), [null, 'calendar', 'holiday']);
    assert.deepEqual(pick(office, '2024-02-10'), [null, 'pattern', 'holiday'], 'a Saturday holiday was a rest day anyway');
    assert.deepEqual(pick(office, '2024-02-04'), ['day', 'calendar', 'makeup']);
    assert.deepEqual(pick(office, '2026-02-14'), ['day', 'calendar', 'makeup']);
  });

  it('works the configured weekday or shift on make-up days', () => {
    const asFriday = compileGroup({ ...officeWeek, makeup: { weekday: 'fri' } });
    assert.deepEqual(pick(asFriday, '2025-01-26'), ['short', 'calendar', 'makeup']);
    const given = compileGroup({ ...officeWeek, makeup: { shiftId: 'makeup-shift' } });
    assert.deepEqual(pick(given, '2025-02-08'), ['makeup-shift', 'calendar', 'makeup']);
  });

  it('ignores the statutory calendar when told to, but still reports the day type', () => {
    const factory = compileGroup({ ...officeWeek, followStatutoryCalendar: false });
    assert.deepEqual(pick(factory, '2024-02-12'), ['day', 'pattern', 'holiday']);
    assert.deepEqual(pick(factory, '2024-02-04'), [null, 'pattern', 'makeup']);
  });

  it('applies tenant and group overrides: rest days, extra workdays; the group wins over the tenant', () => {
    const group = compileGroup(
      { ...officeWeek, overrides: [{ date: '2024-03-13', dayType: 'workday' }] },
      {
        tenantOverrides: [
          { date: '2024-03-13', dayType: 'restday', name: 'tenant day off' },
          { date: '2024-03-16', dayType: 'workday' },
        ],
      },
    );
    assert.deepEqual(pick(group, '2024-03-13'), ['day', 'pattern', 'workday']);
    assert.deepEqual(pick(group, '2024-03-16'), ['day', 'calendar', 'workday'], 'Saturday made a workday');
    const ignoring = compileGroup(
      { ...officeWeek, followStatutoryCalendar: false, overrides: [{ date: '2024-03-14', dayType: 'restday' }] },
      { tenantOverrides: [{ date: '2024-03-13', dayType: 'restday' }] },
    );
    assert.deepEqual(pick(ignoring, '2024-03-13'), ['day', 'pattern', 'restday'], 'tenant calendar not followed');
    assert.deepEqual(pick(ignoring, '2024-03-14'), [null, 'calendar', 'restday'], "the group's own override applies");
  });

  it('uses the group calendar: NONE knows no holidays; unknown years are flagged', () => {
    const abroad = compileGroup({ ...officeWeek, calendarId: 'NONE' });
    assert.deepEqual(pick(abroad, '2024-02-12'), ['day', 'pattern', 'workday']);
    assert.equal(resolveDay(office, '2027-02-08').yearKnown, false);
    assert.equal(resolveDay(abroad, '2027-02-08').yearKnown, true);
    assert.throws(() => compileGroup({ ...officeWeek, calendarId: 'XX' }), /unknown calendar id/);
  });
});

describe('resolve: cycles', () => {
  // 大小周: week one Monday–Saturday, week two Monday–Friday; 2024-03-04 is a big-week Monday.
  const bigSmall: RuleGroupPatternInput = {
    kind: 'cycle',
    anchorDate: '2024-03-04',
    days: ['d', 'd', 'd', 'd', 'd', 'd', null, 'd', 'd', 'd', 'd', 'd', null, null],
  };

  it('runs a 14-day 大小周 forwards and backwards from its anchor', () => {
    const g = compileGroup(bigSmall);
    assert.equal(resolveDay(g, '2024-03-09').shiftId, 'd');
    assert.equal(resolveDay(g, '2024-03-16').shiftId, null);
    assert.equal(resolveDay(g, '2024-03-23').shiftId, 'd');
    assert.equal(resolveDay(g, '2024-03-02').shiftId, null);
    assert.equal(resolveDay(g, '2024-02-24').shiftId, 'd');
    assert.deepEqual(pick(g, '2024-02-12'), ['d', 'pattern', 'holiday'], 'cycles ignore holidays by default');
  });

  it('can follow the statutory calendar', () => {
    const g = compileGroup({ ...bigSmall, followStatutoryCalendar: true });
    assert.deepEqual(pick(g, '2024-02-12'), [null, 'calendar', 'holiday']);
    assert.deepEqual(pick(g, '2024-02-18'), ['d', 'calendar', 'makeup'], 'small-week Sunday made a workday');
  });

  it('runs a 6-day 2白2夜2休 cycle', () => {
    const g = compileGroup({ kind: 'cycle', anchorDate: '2024-01-01', days: ['D', 'D', 'N', 'N', null, null] });
    const shifts = resolveRange(g, '2024-01-01', '2024-01-13').map((r) => r.shiftId);
    assert.deepEqual(shifts, ['D', 'D', 'N', 'N', null, null, 'D', 'D', 'N', 'N', null, null, 'D']);
  });

  it('四班三倒: four teams on one 8-day cycle, offset by anchors, cover every shift every day', () => {
    const g = compileGroup({ kind: 'cycle', anchorDate: '2024-01-01', days: ['M', 'M', 'A', 'A', 'N', 'N', null, null] });
    const teams = ['A', 'B', 'C', 'D'].map((id, i) => ({ employeeId: id, cycleAnchorDate: addDays('2024-01-01', i * 2) }));
    const byTeam = resolveEmployees(g, teams, '2024-01-01', '2024-03-31');
    for (let i = 0; i < 91; i++) {
      const shifts = teams.map((t) => byTeam.get(t.employeeId)![i]!.shiftId);
      assert.deepEqual([...shifts].sort(), ['A', 'M', 'N', null].sort(), `day ${i}`);
    }
  });
});

describe('resolve: rosters', () => {
  it('roster rows override pattern and calendar, including explicit rest', () => {
    const g = compileGroup(officeWeek);
    const roster = indexRoster([
      { employeeId: 'e1', date: '2024-02-12', shiftId: 'duty' },
      { employeeId: 'e1', date: '2024-03-04', shiftId: 'x' },
      { employeeId: 'e1', date: '2024-03-04', shiftId: null }, // a later row replaces it
    ]);
    const e1 = roster.get('e1');
    assert.ok(e1);
    assert.deepEqual(resolveDay(g, '2024-02-12', { roster: e1 }), {
      date: '2024-02-12',
      dayType: 'holiday',
      shiftId: 'duty',
      source: 'roster',
      yearKnown: true,
    });
    assert.equal(resolveDay(g, '2024-03-04', { roster: e1 }).shiftId, null);
    assert.equal(resolveDay(g, '2024-03-04', { roster: e1 }).source, 'roster');
  });

  it('roster groups have shifts only where rows exist', () => {
    const g = compileGroup({ kind: 'roster' });
    const roster = indexRoster([{ employeeId: 'e1', date: '2024-03-05', shiftId: 'late' }]);
    const days = resolveEmployees(g, [{ employeeId: 'e1' }, { employeeId: 'e2' }], '2024-03-04', '2024-03-05', roster);
    assert.deepEqual(days.get('e1')!.map((d) => [d.shiftId, d.source]), [[null, 'none'], ['late', 'roster']]);
    assert.deepEqual(days.get('e2')!.map((d) => [d.shiftId, d.source]), [[null, 'none'], [null, 'none']]);
  });
});

describe('resolve: batch', () => {
  it('gives the same answers as resolving day by day', () => {
    const patterns: RuleGroupPatternInput[] = [
      officeWeek,
      { ...officeWeek, makeup: { weekday: 'fri' }, overrides: [{ date: '2024-05-15', dayType: 'holiday' }] },
      { kind: 'cycle', anchorDate: '2023-12-30', days: ['a', null, 'b'], followStatutoryCalendar: true },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.tuple(fc.constantFrom('e1', 'e2', 'e3'), fc.integer({ min: 0, max: 40 }), fc.option(fc.constantFrom('r1', 'r2'))), { maxLength: 20 }),
        fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
        (pattern, startOffset, length, rows, anchorShift) => {
          const g = compileGroup(pattern);
          const from = addDays('2023-06-01', startOffset);
          const to = addDays(from, length);
          const roster = indexRoster(rows.map(([employeeId, d, shiftId]) => ({ employeeId, date: addDays(from, d), shiftId })));
          const employees = ['e1', 'e2', 'e3'].map((employeeId) =>
            anchorShift === undefined || employeeId !== 'e2' ? { employeeId } : { employeeId, cycleAnchorDate: addDays('2024-01-01', anchorShift) },
          );
          const batch = resolveEmployees(g, employees, from, to, roster);
          for (const e of employees) {
            const single = datesInRange(from, to).map((date) =>
              resolveDay(g, date, {
                ...(roster.get(e.employeeId) ? { roster: roster.get(e.employeeId)! } : {}),
                ...(e.cycleAnchorDate ? { cycleAnchorDate: e.cycleAnchorDate } : {}),
              }),
            );
            assert.deepEqual(batch.get(e.employeeId), single);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('resolves 10,000 employees × 31 days quickly', () => {
    const g = compileGroup(officeWeek);
    const employees = Array.from({ length: 10_000 }, (_, i) => ({ employeeId: `e${i}` }));
    const roster = indexRoster(employees.slice(0, 1000).map((e) => ({ employeeId: e.employeeId, date: '2025-10-08', shiftId: 'duty' })));
    const started = performance.now();
    const out = resolveEmployees(g, employees, '2025-10-01', '2025-10-31', roster);
    const elapsed = performance.now() - started;
    assert.equal(out.size, 10_000);
    assert.equal(out.get('e0')![7]!.shiftId, 'duty');
    assert.equal(out.get('e9999')![7]!.shiftId, null);
    assert.equal(out.get('e9999')![10]!.shiftId, 'day', '2025-10-11 is a make-up Saturday: default shift');
    assert.ok(elapsed < 1500, `took ${elapsed.toFixed(0)} ms`);
  });
});

describe('rule group pattern schema', () => {
  it('fills defaults: fixed groups follow the calendar, cycles do not, missing weekdays rest', () => {
    const fixed = ruleGroupPatternSchema.parse({ kind: 'fixed', week: { mon: 's' } });
    assert.deepEqual(fixed, {
      kind: 'fixed',
      week: { mon: 's', tue: null, wed: null, thu: null, fri: null, sat: null, sun: null },
      followStatutoryCalendar: true,
      calendarId: 'CN',
      overrides: [],
    });
    const cycle = ruleGroupPatternSchema.parse({ kind: 'cycle', anchorDate: '2024-01-01', days: ['s'] });
    assert.equal(cycle.kind === 'cycle' && cycle.followStatutoryCalendar, false);
  });

  it('rejects bad patterns', () => {
    const bad: unknown[] = [
      { kind: 'fixed', week: { mon: 's' }, makeup: { weekday: 'sat' } },
      { kind: 'cycle', anchorDate: '2024-02-30', days: ['s'] },
      { kind: 'cycle', anchorDate: '2024-01-01', days: [] },
      { kind: 'weekly', week: {} },
      { kind: 'roster', overrides: [{ date: '2024-01-01', dayType: 'party' }] },
    ];
    for (const p of bad) assert.equal(ruleGroupPatternSchema.safeParse(p).success, false, JSON.stringify(p));
  });
});
