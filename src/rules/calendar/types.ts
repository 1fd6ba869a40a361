import { z } from 'zod';
import { isIsoDate, toDayNumber, type IsoDate } from './isoDate.js';

export const DAY_TYPES = ['workday', 'restday', 'holiday', 'makeup'] as const;
/** `makeup` is a usual rest day turned into a working day by a holiday swap (调休上班). */
export type DayType = (typeof DAY_TYPES)[number];

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'expected a YYYY-MM-DD date' });

/** A per-tenant or per-group correction of one date (WeCom spe_workdays / spe_offdays and the like). */
export const calendarOverrideSchema = z.object({
  date: isoDateSchema,
  dayType: z.enum(DAY_TYPES),
  name: z.string().min(1).optional(),
});
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

const holidaySpanSchema = z.object({
  name: z.string().min(1),
  nameEn: z.string().min(1),
  from: isoDateSchema,
  to: isoDateSchema,
});

const makeupDaySchema = z.object({
  date: isoDateSchema,
  /** The holiday this working day pays for (its name, as in `holidays`). */
  for: z.string().min(1),
});

/**
 * One year's statutory arrangement, as published (one file per year under data/<region>/).
 * A span may start in the previous year (the 2023 notice begins New Year on 2022-12-31).
 */
export const calendarYearDataSchema = z
  .object({
    calendar: z.string().min(1),
    year: z.number().int().min(1900).max(2999),
    version: z.string().min(1),
    source: z.string().min(1),
    holidays: z.array(holidaySpanSchema),
    makeupWorkdays: z.array(makeupDaySchema),
  })
  .superRefine((data, ctx) => {
    const holidayDates = new Set<IsoDate>();
    for (const span of data.holidays) {
      if (toDayNumber(span.to) < toDayNumber(span.from)) {
        ctx.addIssue({ code: 'custom', message: `${span.name}: ${span.to} is before ${span.from}` });
        continue;
      }
      for (let d = toDayNumber(span.from); d <= toDayNumber(span.to); d++) holidayDates.add(String(d));
    }
    for (const m of data.makeupWorkdays) {
      if (holidayDates.has(String(toDayNumber(m.date)))) {
        ctx.addIssue({ code: 'custom', message: `${m.date} is both a holiday and a make-up workday` });
      }
      if (!data.holidays.some((h) => h.name === m.for)) {
        ctx.addIssue({ code: 'custom', message: `${m.date} is a make-up day for unknown holiday ${m.for}` });
      }
    }
  });
export type CalendarYearData = z.infer<typeof calendarYearDataSchema>;

/** Where a day's type came from; `week` means only the rest-weekday rule applied. */
export type DaySource = 'override' | 'statutory' | 'week';

export interface DayInfo {
  date: IsoDate;
  dayType: DayType;
  /** Holiday name (for a make-up day, the holiday it pays for), or an override's name. */
  name: string | null;
  source: DaySource;
  /**
   * False when the calendar has statutory data for some years but not for this date's year: the
   * answer then only knows weekdays and weekends (and overrides), and operators should be warned.
   */
  yearKnown: boolean;
}
