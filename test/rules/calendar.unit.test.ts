import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildCalendar,
  builtinCalendars,
  builtinCalendarDefinitions,
  builtinYearData,
  createCalendarRegistry,
  customizeCalendar,
  datesInRange,
  dayInfo,
  dayType,
  isoWeekday,
  specialDays,
  unknownYears,
  type CalendarYearData,
  type DayType,
} from '../../src/rules/calendar/index.js';

const cn = builtinCalendars.get('CN');

function expectRange(from: string, to: string, type: DayType, name?: string): void {
  for (const date of datesInRange(from, to)) {
    const info = dayInfo(date, cn);
    assert.equal(info.dayType, type, `${date} should be ${type}`);
    if (name !== undefined) assert.equal(info.name, name, `${date} name`);
  }
}

describe('CN statutory calendar', () => {
  // Spot checks against each year's State Council notice: holiday spans, their make-up days, and the
  // day on either side of a span, which must be back to the plain week.
  const spots: Record<number, () => void> = {
    2020: () => {
      expectRange('2020-01-24', '2020-02-02', 'holiday', '春节'); // extended for COVID-19
      expectRange('2020-01-19', '2020-01-19', 'makeup', '春节');
      expectRange('2020-02-03', '2020-02-03', 'workday');
      expectRange('2020-10-01', '2020-10-08', 'holiday');
      expectRange('2020-09-27', '2020-09-27', 'makeup');
      expectRange('2020-10-10', '2020-10-10', 'makeup');
      expectRange('2020-06-28', '2020-06-28', 'makeup', '端午节');
    },
    2021: () => {
      expectRange('2021-02-11', '2021-02-17', 'holiday', '春节');
      expectRange('2021-02-07', '2021-02-07', 'makeup');
      expectRange('2021-02-20', '2021-02-20', 'makeup');
      expectRange('2021-09-19', '2021-09-21', 'holiday', '中秋节');
      expectRange('2021-09-18', '2021-09-18', 'makeup', '中秋节');
      expectRange('2021-10-08', '2021-10-08', 'workday');
    },
    2022: () => {
      expectRange('2022-01-31', '2022-02-06', 'holiday', '春节');
      expectRange('2022-01-29', '2022-01-30', 'makeup', '春节');
      expectRange('2022-04-02', '2022-04-02', 'makeup', '清明节');
      expectRange('2022-04-30', '2022-05-04', 'holiday', '劳动节');
      expectRange('2022-10-08', '2022-10-09', 'makeup', '国庆节');
    },
    2023: () => {
      expectRange('2022-12-31', '2023-01-02', 'holiday', '元旦');
      expectRange('2023-01-21', '2023-01-27', 'holiday', '春节');
      expectRange('2023-01-28', '2023-01-29', 'makeup');
      expectRange('2023-04-05', '2023-04-05', 'holiday', '清明节');
      expectRange('2023-09-29', '2023-10-06', 'holiday');
      expectRange('2023-10-07', '2023-10-08', 'makeup');
    },
    2024: () => {
      expectRange('2024-01-01', '2024-01-01', 'holiday', '元旦');
      expectRange('2023-12-30', '2023-12-31', 'restday'); // '与周末连休': the weekend stays a weekend
      expectRange('2024-02-04', '2024-02-04', 'makeup', '春节');
      expectRange('2024-02-09', '2024-02-09', 'workday'); // 除夕 only encouraged off in 2024
      expectRange('2024-02-10', '2024-02-17', 'holiday', '春节');
      expectRange('2024-02-18', '2024-02-18', 'makeup', '春节');
      expectRange('2024-04-07', '2024-04-07', 'makeup', '清明节');
      expectRange('2024-06-10', '2024-06-10', 'holiday', '端午节');
      expectRange('2024-09-14', '2024-09-14', 'makeup', '中秋节');
      expectRange('2024-10-12', '2024-10-12', 'makeup', '国庆节');
    },
    2025: () => {
      expectRange('2025-01-26', '2025-01-26', 'makeup', '春节');
      expectRange('2025-01-27', '2025-01-27', 'workday');
      expectRange('2025-01-28', '2025-02-04', 'holiday', '春节'); // from 除夕, 8 days
      expectRange('2025-02-08', '2025-02-08', 'makeup', '春节');
      expectRange('2025-04-27', '2025-04-27', 'makeup', '劳动节');
      expectRange('2025-05-01', '2025-05-05', 'holiday', '劳动节');
      expectRange('2025-05-10', '2025-05-10', 'restday'); // Labour Day has one make-up day only
      expectRange('2025-10-01', '2025-10-08', 'holiday', '国庆节、中秋节');
      expectRange('2025-09-28', '2025-09-28', 'makeup');
      expectRange('2025-10-11', '2025-10-11', 'makeup');
    },
    2026: () => {
      expectRange('2026-01-01', '2026-01-03', 'holiday', '元旦');
      expectRange('2026-01-04', '2026-01-04', 'makeup', '元旦');
      expectRange('2026-02-14', '2026-02-14', 'makeup', '春节');
      expectRange('2026-02-15', '2026-02-23', 'holiday', '春节');
      expectRange('2026-02-28', '2026-02-28', 'makeup', '春节');
      expectRange('2026-04-04', '2026-04-06', 'holiday', '清明节');
      expectRange('2026-05-01', '2026-05-05', 'holiday', '劳动节');
      expectRange('2026-05-09', '2026-05-09', 'makeup', '劳动节');
      expectRange('2026-06-19', '2026-06-21', 'holiday', '端午节');
      expectRange('2026-09-25', '2026-09-27', 'holiday', '中秋节');
      expectRange('2026-09-20', '2026-09-20', 'makeup', '国庆节');
      expectRange('2026-10-01', '2026-10-07', 'holiday', '国庆节');
      expectRange('2026-10-10', '2026-10-10', 'makeup', '国庆节');
    },
  };

  for (let year = 2020; year <= 2026; year++) {
    it(`matches the ${year} notice`, () => {
      const check = spots[year];
      assert.ok(check, `no spot checks for ${year}`);
      check();
      assert.ok(dayInfo(`${year}-07-01`, cn).yearKnown);
    });
  }

  it('has make-up workdays only on weekends and holidays totalling what the notices announce', () => {
    // Days off announced per notice ("共N天"), summed per calendar year: a cheap check that no span
    // was mistyped. The 2023 notice's New Year starts on 2022-12-31, which counts in 2022.
    const announced: Record<number, number> = {
      2020: 1 + 10 + 3 + 5 + 3 + 8,
      2021: 3 + 7 + 3 + 5 + 3 + 3 + 7,
      2022: 3 + 7 + 3 + 5 + 3 + 3 + 7 + 1,
      2023: 2 + 7 + 1 + 5 + 3 + 8,
      2024: 1 + 8 + 3 + 5 + 1 + 3 + 7,
      2025: 1 + 8 + 3 + 5 + 3 + 8,
      2026: 3 + 9 + 3 + 5 + 3 + 3 + 7,
    };
    for (const [year, total] of Object.entries(announced)) {
      const days = specialDays(cn, `${year}-01-01`, `${year}-12-31`);
      for (const d of days.filter((x) => x.dayType === 'makeup')) {
        assert.ok(isoWeekday(d.date) >= 6, `${d.date} is a make-up day on a weekday`);
      }
      assert.equal(days.filter((d) => d.dayType === 'holiday').length, total, `${year} holiday days`);
    }
  });

  it('falls back to the plain week outside the data and flags the year as unknown', () => {
    const info = dayInfo('2027-10-01', cn);
    assert.deepEqual(info, { date: '2027-10-01', dayType: 'workday', name: null, source: 'week', yearKnown: false });
    assert.equal(dayType('2027-10-02', cn), 'restday');
    assert.deepEqual(unknownYears(cn, '2019-12-01', '2028-01-01'), [2019, 2027, 2028]);
    assert.deepEqual(unknownYears(cn, '2024-01-01', '2026-12-31'), []);
  });

  it('lists holidays and make-up days of a range in date order', () => {
    const list = specialDays(cn, '2024-02-01', '2024-02-29');
    assert.deepEqual(
      list.map((d) => `${d.date} ${d.dayType}`),
      ['2024-02-04 makeup', ...datesInRange('2024-02-10', '2024-02-17').map((d) => `${d} holiday`), '2024-02-18 makeup'],
    );
  });
});

describe('calendar overrides and options', () => {
  it('lets per-call overrides win over statutory data and the week', () => {
    const overrides = [
      { date: '2024-02-04', dayType: 'restday' as const },
      { date: '2024-03-06', dayType: 'holiday' as const, name: '公司年会' },
    ];
    assert.equal(dayType('2024-02-04', cn, overrides), 'restday');
    assert.deepEqual(dayInfo('2024-03-06', cn, overrides), {
      date: '2024-03-06',
      dayType: 'holiday',
      name: '公司年会',
      source: 'override',
      yearKnown: true,
    });
    assert.equal(dayType('2024-03-07', cn, overrides), 'workday');
    assert.deepEqual(
      specialDays(cn, '2024-02-01', '2024-03-31', overrides).map((d) => d.date).slice(0, 1),
      ['2024-02-10'],
    );
  });

  it('compiles overrides and rest weekdays once with customizeCalendar; later overrides win', () => {
    const site = customizeCalendar(cn, {
      restWeekdays: [7],
      overrides: [
        { date: '2025-10-08', dayType: 'workday' },
        { date: '2025-10-08', dayType: 'makeup', name: 'late decision' },
      ],
    });
    assert.equal(dayType('2025-10-04', site), 'holiday'); // statutory still applies
    assert.equal(dayType('2025-03-01', site), 'workday'); // a Saturday, but only Sunday rests here
    assert.equal(dayType('2025-03-02', site), 'restday');
    assert.deepEqual(dayInfo('2025-10-08', site).name, 'late decision');
    assert.equal(dayType('2025-10-08', cn), 'holiday', 'the base calendar is untouched');
    assert.notEqual(site.version, cn.version);
  });

  it('answers NONE with weekends only, every year known, overrides still applying', () => {
    const none = builtinCalendars.get('NONE');
    assert.deepEqual(dayInfo('2024-02-12', none), { date: '2024-02-12', dayType: 'workday', name: null, source: 'week', yearKnown: true });
    assert.equal(dayType('2024-02-10', none), 'restday');
    assert.equal(dayType('2024-12-25', none, [{ date: '2024-12-25', dayType: 'holiday' }]), 'holiday');
    assert.deepEqual(unknownYears(none, '1999-01-01', '2040-01-01'), []);
  });

  it('registers further regions and merges added years into an existing one', () => {
    const hk2025: CalendarYearData = {
      calendar: 'HK',
      year: 2025,
      version: 't',
      source: 'test',
      holidays: [{ name: 'Christmas', nameEn: 'Christmas', from: '2025-12-25', to: '2025-12-26' }],
      makeupWorkdays: [],
    };
    const cn2027: CalendarYearData = {
      calendar: 'CN',
      year: 2027,
      version: 'draft',
      source: 'test',
      holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-01' }],
      makeupWorkdays: [],
    };
    const registry = createCalendarRegistry([
      ...builtinCalendarDefinitions,
      { id: 'HK', years: [hk2025] },
      { id: 'CN', years: [cn2027] },
    ]);
    assert.deepEqual(registry.ids().sort(), ['CN', 'HK', 'NONE']);
    assert.equal(dayType('2025-12-26', registry.get('HK')), 'holiday');
    assert.equal(dayInfo('2027-06-01', registry.get('CN')).yearKnown, true);
    assert.equal(dayType('2024-02-10', registry.get('CN')), 'holiday', 'shipped years are kept');
    assert.throws(() => registry.get('XX'), /unknown calendar id "XX"/);
  });

  it('rejects malformed data and dates', () => {
    const bad: CalendarYearData = {
      calendar: 'CN',
      year: 2030,
      version: 'x',
      source: 'x',
      holidays: [{ name: 'A', nameEn: 'A', from: '2030-01-01', to: '2030-01-02' }],
      makeupWorkdays: [{ date: '2030-01-02', for: 'A' }],
    };
    assert.throws(() => buildCalendar({ id: 'CN', years: [bad] }), /both a holiday and a make-up workday/);
    assert.throws(() => buildCalendar({ id: 'XX', years: [{ ...bad, makeupWorkdays: [] }] }), /given to calendar XX/);
    assert.throws(() => dayType('2024-02-30', cn), /no such date/);
    assert.throws(() => dayType('2024-2-3', cn), /not a YYYY-MM-DD/);
  });

  it('ships one registered year per data file', () => {
    const dir = fileURLToPath(new URL('../../src/rules/calendar/data/cn/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    const registered = builtinYearData.filter((y) => y.calendar === 'CN').map((y) => `${y.year}.json`).sort();
    assert.deepEqual(registered, files);
    for (let y = 2020; y <= 2026; y++) assert.ok(files.includes(`${y}.json`));
  });
});
