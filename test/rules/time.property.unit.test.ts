import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { neighbourInstants, parseShift, rosterDayWindows, type RosterDay } from '../../src/rules/index.js';
import { assignPunchesToWorkDates, planRoster } from '../../src/rules/engine/assign.js';
import { addDays, formatClock, formatInstant, localDateOf, localToInstant, zoneOffset } from '../../src/rules/time.js';

/**
 * The time module answers from cached offsets and arithmetic; these properties hold it to luxon
 * asked directly (one Intl call per question), across DST changes and the 00:00–47:59 clock.
 */
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC'] as const;
const MIN = 60_000;
const DAY = 86_400_000;

/** Dates on, before and after DST changes (Berlin, New York, Lord Howe's 30-minute one), and any date 1990–2040. */
const CHANGES = ['2026-03-08', '2026-11-01', '2026-03-29', '2026-10-25', '2026-04-05', '2026-10-04', '2024-03-10', '2024-03-31', '2024-04-07', '2000-10-29', '2037-03-08'];
const dateArb = fc.oneof(
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -2, max: 1 })).map(([d, k]) => new Date(Date.parse(d) + k * DAY).toISOString().slice(0, 10)),
  fc.integer({ min: Date.UTC(1990, 0, 1) / DAY, max: Date.UTC(2040, 0, 1) / DAY }).map((d) => new Date(d * DAY).toISOString().slice(0, 10)),
);
const zoneArb = fc.constantFrom(...ZONES);
const clockArb = fc.integer({ min: 0, max: 47 * 60 + 59 });

/** rules.md Fine points with luxon's offsets, uncached: a repeated time is its first occurrence, a skipped one takes the offset before. */
function luxonLocalToInstant(date: string, minutes: number, zone: string): number {
  const naive = Date.parse(date) + minutes * MIN;
  const z = IANAZone.create(zone);
  const before = z.offset(naive - DAY);
  const candidates = [before, z.offset(naive + DAY)].map((offset) => naive - offset * MIN).filter((t) => t + z.offset(t) * MIN === naive);
  return candidates.length > 0 ? Math.min(...candidates) : naive - before * MIN;
}

describe('rules: fast time conversion equals luxon', () => {
  it('local clock time (00:00–47:59) → instant, across DST changes', () => {
    fc.assert(
      fc.property(zoneArb, dateArb, clockArb, (zone, date, minutes) => {
        const t = localToInstant(date, minutes, zone);
        assert.equal(t, luxonLocalToInstant(date, minutes, zone));
        // And the instant reads back as that wall-clock time, unless a DST change skipped it.
        const wall = DateTime.fromISO(date, { zone: 'UTC' }).plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm");
        const exists = DateTime.fromISO(wall, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") === wall;
        if (exists) assert.equal(DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"), wall);
      }),
      { numRuns: 3000 },
    );
  }).timeout(20_000);

  it('instant → offset, ISO text, local date and clock label', () => {
    const instantArb = fc.oneof(
      fc.tuple(zoneArb, dateArb, clockArb, fc.integer({ min: -90 * MIN, max: 90 * MIN })).map(([zone, date, m, d]) => localToInstant(date, m, zone) + d),
      fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
    );
    fc.assert(
      fc.property(zoneArb, instantArb, dateArb, (zone, t, workDate) => {
        const dt = DateTime.fromMillis(t, { zone });
        assert.equal(zoneOffset(t, zone), IANAZone.create(zone).offset(t));
        assert.equal(formatInstant(t, zone), dt.toISO({ suppressMilliseconds: true }));
        assert.equal(localDateOf(t, zone), dt.toISODate());
        const days = Math.round((Date.parse(dt.toISODate() ?? '') - Date.parse(workDate)) / DAY);
        const clock = dt.toFormat('HH:mm');
        assert.equal(formatClock(t, zone, workDate), days === 0 ? clock : `${clock} (${days > 0 ? '+' : ''}${days}d)`);
      }),
      { numRuns: 3000 },
    );
  }).timeout(20_000);

  it('every minute around the changes (00:00–04:00 and 24:00–28:00) of DST change days, each zone', () => {
    for (const zone of ZONES) {
      for (const date of CHANGES) {
        for (let m = 0; m < 48 * 60; m += m % (24 * 60) < 4 * 60 ? 1 : 29) {
          assert.equal(localToInstant(date, m, zone), luxonLocalToInstant(date, m, zone), `${zone} ${date} ${m}`);
        }
      }
    }
  }).timeout(20_000);

  it('addDays matches calendar arithmetic', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -400, max: 400 }), (date, n) => {
        assert.equal(addDays(date, n), DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: n }).toISODate());
      }),
    );
  });
});

describe('rules: a roster plan equals the per-day answers', () => {
  const shifts = [
    parseShift({ segments: [{ start: '22:00', end: '06:00' }] }),
    parseShift({ segments: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], windowBeforeMinutes: 60 }),
    parseShift({ segments: [{ start: '01:30', end: '03:30' }] }),
    null,
  ];
  it('planRoster gives neighbourInstants and rosterDayWindows; assigning with it changes nothing', () => {
    fc.assert(
      fc.property(
        zoneArb,
        dateArb,
        fc.array(fc.integer({ min: 0, max: shifts.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: -1440, max: 7 * 1440 }), { maxLength: 12 }),
        (zone, date, picks, punchMinutes) => {
          const days: RosterDay[] = picks.map((k, i) => ({ date: addDays(date, i), shift: shifts[k] ?? null }));
          const plan = planRoster(zone, days);
          days.forEach((_, i) => {
            assert.deepEqual(plan.neighbours[i], neighbourInstants(zone, days, i));
            assert.deepEqual(plan.windows[i], rosterDayWindows(zone, days, i));
          });
          const punches = punchMinutes.map((m) => localToInstant(date, 0, zone) + m * MIN);
          assert.deepEqual(assignPunchesToWorkDates({ timezone: zone, days, punches, plan }), assignPunchesToWorkDates({ timezone: zone, days, punches }));
        },
      ),
      { numRuns: 300 },
    );
  }).timeout(20_000);
});
