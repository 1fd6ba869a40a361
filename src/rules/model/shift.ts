import { z } from 'zod';
import { parseClock } from '../time.js';

/** Local clock time `HH:MM`, hours up to 47 (≥ 24 means the next day). */
export const clockTimeSchema = z.string().refine((s) => parseClock(s) !== null, { error: 'expected HH:MM' });

const minutes = z.number({ error: 'expected a whole number of minutes' }).int().min(0);

export const overtimeModeSchema = z.enum(['none', 'punch', 'approval', 'approval-and-punch']);
export type OvertimeMode = z.infer<typeof overtimeModeSchema>;

/** Overtime policy; every omitted field takes the default printed in rules.md. A null cap means no cap. */
export const overtimePolicySchema = z.object({
  mode: overtimeModeSchema.default('none'),
  startAfterMinutes: minutes.default(30),
  minMinutes: minutes.default(30),
  unitMinutes: z.number().int().min(1).default(30),
  maxMinutes: minutes.nullable().default(240),
  restDayMaxMinutes: minutes.nullable().default(720),
});
export type OvertimePolicyInput = z.input<typeof overtimePolicySchema>;
export type OvertimePolicy = z.output<typeof overtimePolicySchema>;

export const flexSchema = z.object({
  earlyArriveMinutes: minutes.default(0),
  lateArriveMinutes: minutes.default(0),
});
export type Flex = z.output<typeof flexSchema>;

const clockRangeSchema = z.object({ start: clockTimeSchema, end: clockTimeSchema });

/**
 * A shift definition, exactly the JSON of rules.md ("Shift"). The ledger stores shifts in this
 * form; parsing fills every default so the engine never sees an omitted field.
 */
export const shiftSchema = z.object({
  segments: z.array(clockRangeSchema).min(1, { error: 'expected at least one segment' }),
  breaks: z.array(clockRangeSchema).default([]),
  windowBeforeMinutes: minutes.default(120),
  windowAfterMinutes: minutes.default(240),
  lateGraceMinutes: minutes.default(0),
  earlyGraceMinutes: minutes.default(0),
  seriousLateMinutes: minutes.nullable().default(null),
  absentLateMinutes: minutes.nullable().default(null),
  flex: flexSchema.nullable().default(null),
  overtime: overtimePolicySchema.prefault({}),
});
/** A shift as written (defaults may be omitted). */
export type ShiftInput = z.input<typeof shiftSchema>;
/** A shift with every default filled in. */
export type Shift = z.output<typeof shiftSchema>;

export const DEFAULT_OVERTIME_POLICY: OvertimePolicy = overtimePolicySchema.parse({});

/** Parses a stored shift definition; throws a ZodError when it does not match the format. */
export function parseShift(json: unknown): Shift {
  return shiftSchema.parse(json);
}
