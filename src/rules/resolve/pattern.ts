import { z } from 'zod';
import { calendarOverrideSchema, isoDateSchema } from '../calendar/types.js';

/**
 * What the ledger stores in `rule_groups.pattern`. Shifts are referred to by id; `null` is a rest
 * day. Day types come from the group's calendar (statutory data, then the tenant's and the
 * group's overrides).
 */

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

const shiftRefSchema = z.string().min(1).nullable();

const calendarFields = {
  /** Region calendar for day types and holidays (`CN`, `NONE`, …). */
  calendarId: z.string().min(1).default('CN'),
  /** This group's own date corrections; they apply even when the group ignores the statutory calendar. */
  overrides: z.array(calendarOverrideSchema).default([]),
};

/** What a group works on a make-up day (调休上班): the shift of a named weekday, or a given shift. */
const makeupByWeekday = z.object({ weekday: z.enum(WEEKDAY_KEYS) }).strict();
const makeupByShift = z.object({ shiftId: z.string().min(1) }).strict();

export const fixedPatternSchema = z
  .object({
    kind: z.literal('fixed'),
    /** Weekday → shift id; a missing or null weekday is a rest day. */
    week: z.object(Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, shiftRefSchema.default(null)])) as {
      [K in WeekdayKey]: z.ZodDefault<typeof shiftRefSchema>;
    }),
    /** Rest on holidays and work on make-up days, as an office does. */
    followStatutoryCalendar: z.boolean().default(true),
    /** Omitted: the pattern's own shift that day, else the group's default (first working weekday's) shift. */
    makeup: z.union([makeupByWeekday, makeupByShift]).optional(),
    ...calendarFields,
  })
  .superRefine((p, ctx) => {
    if (p.makeup && 'weekday' in p.makeup && p.week[p.makeup.weekday] === null) {
      ctx.addIssue({ code: 'custom', path: ['makeup', 'weekday'], message: `${p.makeup.weekday} has no shift` });
    }
  });

export const cyclePatternSchema = z.object({
  kind: z.literal('cycle'),
  /** The date that is day 1 of the cycle (days[0]); the cycle repeats both ways from it. */
  anchorDate: isoDateSchema,
  /** One entry per day of the cycle, any length: 14 for 大小周, 6 for 2白2夜2休, 8 for 四班三倒. */
  days: z.array(shiftRefSchema).min(1).max(1000),
  /** Shift workers usually work through holidays, so cycles default to ignoring the calendar. */
  followStatutoryCalendar: z.boolean().default(false),
  makeup: makeupByShift.optional(),
  ...calendarFields,
});

/** No pattern: every working day comes from roster rows (排班). */
export const rosterPatternSchema = z.object({
  kind: z.literal('roster'),
  ...calendarFields,
});

export const ruleGroupPatternSchema = z.discriminatedUnion('kind', [
  fixedPatternSchema,
  cyclePatternSchema,
  rosterPatternSchema,
]);

export type FixedPattern = z.infer<typeof fixedPatternSchema>;
export type CyclePattern = z.infer<typeof cyclePatternSchema>;
export type RosterPattern = z.infer<typeof rosterPatternSchema>;
export type RuleGroupPattern = z.infer<typeof ruleGroupPatternSchema>;
/** The stored form, before defaults are filled in. */
export type RuleGroupPatternInput = z.input<typeof ruleGroupPatternSchema>;
