import {
  datesInRange,
  toDayNumber,
  weekdayOfDayNumber,
  yearOf,
  type IsoDate,
  type IsoWeekday,
} from './isoDate.js';
import {
  calendarYearDataSchema,
  type CalendarOverride,
  type CalendarYearData,
  type DayInfo,
  type DaySource,
  type DayType,
} from './types.js';

export const DEFAULT_REST_WEEKDAYS: readonly IsoWeekday[] = [6, 7];

export interface CalendarDefinition {
  /** Region id, e.g. `CN`; `NONE` for a site that follows weekends only. */
  id: string;
  /** Statutory data, one entry per published year; may be empty. */
  years: readonly CalendarYearData[];
  restWeekdays?: readonly IsoWeekday[];
  /**
   * True for a calendar that has no statutory holidays at all (e.g. `NONE`): every year is then
   * fully known. Otherwise a year without data is reported as unknown.
   */
  weekendsOnly?: boolean;
}

interface SpecialDay {
  dayType: DayType;
  name: string | null;
  source: Exclude<DaySource, 'week'>;
}

/** A compiled calendar: immutable, with every special date in a map for O(1) look-up. */
export interface Calendar {
  readonly id: string;
  readonly restWeekdays: ReadonlySet<IsoWeekday>;
  /** Years with statutory data, or `all` for a weekends-only calendar. */
  readonly knownYears: ReadonlySet<number> | 'all';
  /** `<calendar>/<year>@<version>` per data file, plus an override count: feeds input hashes. */
  readonly version: string;
  readonly special: ReadonlyMap<IsoDate, SpecialDay>;
}

export function buildCalendar(def: CalendarDefinition): Calendar {
  const special = new Map<IsoDate, SpecialDay>();
  const years = [...def.years].map((y) => calendarYearDataSchema.parse(y)).sort((a, b) => a.year - b.year);
  for (const data of years) {
    if (data.calendar !== def.id) throw new Error(`calendar data for ${data.calendar} given to calendar ${def.id}`);
    for (const span of data.holidays) {
      for (const date of datesInRange(span.from, span.to)) {
        special.set(date, { dayType: 'holiday', name: span.name, source: 'statutory' });
      }
    }
    for (const m of data.makeupWorkdays) special.set(m.date, { dayType: 'makeup', name: m.for, source: 'statutory' });
  }
  return {
    id: def.id,
    restWeekdays: new Set(def.restWeekdays ?? DEFAULT_REST_WEEKDAYS),
    knownYears: def.weekendsOnly === true ? 'all' : new Set(years.map((y) => y.year)),
    version: [def.id, ...years.map((y) => `${y.year}@${y.version}`)].join(' '),
    special,
  };
}

export interface CustomizeOptions {
  overrides?: readonly CalendarOverride[];
  restWeekdays?: readonly IsoWeekday[];
}

/**
 * A tenant's or rule group's view of a calendar: overrides win over statutory data (later
 * overrides win over earlier ones), and the rest weekdays may differ. Build it once per group.
 */
export function customizeCalendar(base: Calendar, options: CustomizeOptions): Calendar {
  const overrides = options.overrides ?? [];
  const special = new Map(base.special);
  for (const o of overrides) {
    toDayNumber(o.date); // validates
    special.set(o.date, { dayType: o.dayType, name: o.name ?? null, source: 'override' });
  }
  return {
    ...base,
    restWeekdays: options.restWeekdays ? new Set(options.restWeekdays) : base.restWeekdays,
    version: overrides.length > 0 ? `${base.version} +${overrides.length} overrides` : base.version,
    special,
  };
}

export function isYearKnown(calendar: Calendar, year: number): boolean {
  return calendar.knownYears === 'all' || calendar.knownYears.has(year);
}

function lookUp(date: IsoDate, calendar: Calendar, overrides?: readonly CalendarOverride[]): SpecialDay | undefined {
  // A one-off call scans the override list; batch callers use customizeCalendar instead.
  const override = overrides?.findLast((o) => o.date === date);
  if (override) return { dayType: override.dayType, name: override.name ?? null, source: 'override' };
  return calendar.special.get(date);
}

/** Full answer for one date: type, name, where it came from, and whether the year has data. */
export function dayInfo(date: IsoDate, calendar: Calendar, overrides?: readonly CalendarOverride[]): DayInfo {
  const dayNumber = toDayNumber(date);
  const yearKnown = isYearKnown(calendar, yearOf(date));
  const hit = lookUp(date, calendar, overrides);
  if (hit) return { date, dayType: hit.dayType, name: hit.name, source: hit.source, yearKnown };
  const rest = calendar.restWeekdays.has(weekdayOfDayNumber(dayNumber));
  return { date, dayType: rest ? 'restday' : 'workday', name: null, source: 'week', yearKnown };
}

export function dayType(date: IsoDate, calendar: Calendar, overrides?: readonly CalendarOverride[]): DayType {
  return dayInfo(date, calendar, overrides).dayType;
}

/** Holidays and make-up workdays from `from` to `to` inclusive, in date order, overrides applied. */
export function specialDays(
  calendar: Calendar,
  from: IsoDate,
  to: IsoDate,
  overrides?: readonly CalendarOverride[],
): DayInfo[] {
  return datesInRange(from, to)
    .map((date) => dayInfo(date, calendar, overrides))
    .filter((d) => d.dayType === 'holiday' || d.dayType === 'makeup');
}

/** Years touched by the range that have no statutory data: what an operator must be warned about. */
export function unknownYears(calendar: Calendar, from: IsoDate, to: IsoDate): number[] {
  toDayNumber(from);
  toDayNumber(to); // both validate
  const out: number[] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++) if (!isYearKnown(calendar, y)) out.push(y);
  return out;
}
