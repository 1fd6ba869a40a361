import { z } from 'zod';
import { addDays, addMonths, toDayNumber, yearOf, type IsoDate } from '../calendar/isoDate.js';
import type { DayType } from '../calendar/types.js';
import { findBySourceKey, type BalanceEntry } from './entry.js';

const conversionSchema = z.object({
  /** Whether overtime on this kind of day becomes 调休 at all (else it is paid). */
  convert: z.boolean(),
  /** Minutes of time off per minute of overtime. */
  ratio: z.number().min(0).max(10),
});

/**
 * When earned time off lapses. `expiresOn` is the last usable day:
 * - months / days: that long after the work date (2025-01-15 + 3 months → 2025-04-15; a month
 *   end clamps: 2025-01-31 + 1 month → 2025-02-28);
 * - endOfYear: 31 December of the work date's year, plus `extraYears`.
 */
export const expirySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('never') }),
  z.object({ type: z.literal('months'), months: z.number().int().positive().max(120) }),
  z.object({ type: z.literal('days'), days: z.number().int().positive().max(3650) }),
  z.object({ type: z.literal('endOfYear'), extraYears: z.number().int().min(0).max(10).default(0) }),
]);
export type Expiry = z.infer<typeof expirySchema>;

/** The tenant's overtime → 调休 policy (pay multipliers live elsewhere). */
export const balancePolicySchema = z.object({
  kind: z.string().min(1).default('time_off'),
  /** `makeup` days count as workdays, as overtimeDayType does. Holidays default to paid (300 %). */
  conversion: z
    .object({
      workday: conversionSchema.default({ convert: true, ratio: 1 }),
      restday: conversionSchema.default({ convert: true, ratio: 1 }),
      holiday: conversionSchema.default({ convert: false, ratio: 0 }),
    })
    .default({ workday: { convert: true, ratio: 1 }, restday: { convert: true, ratio: 1 }, holiday: { convert: false, ratio: 0 } }),
  roundingUnitMinutes: z.number().int().positive().default(1),
  rounding: z.enum(['down', 'nearest', 'up']).default('down'),
  expiry: expirySchema.default({ type: 'never' }),
});
export type BalancePolicy = z.infer<typeof balancePolicySchema>;
export type BalancePolicyInput = z.input<typeof balancePolicySchema>;

export function roundToUnit(minutes: number, unit: number, mode: BalancePolicy['rounding']): number {
  // The epsilon absorbs float noise from ratios such as 1.1 so that exact multiples stay exact.
  const units = minutes / unit;
  const whole = mode === 'down' ? Math.floor(units + 1e-9) : mode === 'up' ? Math.ceil(units - 1e-9) : Math.round(units);
  return whole * unit;
}

export function expiryDate(workDate: IsoDate, expiry: Expiry): IsoDate | null {
  toDayNumber(workDate);
  switch (expiry.type) {
    case 'never':
      return null;
    case 'months':
      return addMonths(workDate, expiry.months);
    case 'days':
      return addDays(workDate, expiry.days);
    case 'endOfYear':
      return `${String(yearOf(workDate) + expiry.extraYears).padStart(4, '0')}-12-31`;
  }
}

export interface OvertimeInput {
  employeeId: string;
  workDate: IsoDate;
  overtimeMinutes: number;
  /** computeDay's overtimeDayType; `makeup` is treated as `workday`. */
  overtimeDayType: DayType;
}

export function overtimeSourceKey(employeeId: string, workDate: IsoDate): string {
  return `ot:${employeeId}:${workDate}`;
}

/**
 * The 调休 earned by one work date's overtime, or null when nothing is earned: the day type does
 * not convert, the rounded minutes are 0, or `existing` already holds this work date's entry
 * (idempotent; a later change of the overtime is an HR adjustment, not a second earn).
 */
export function overtimeToTimeOff(
  input: OvertimeInput,
  policyInput: BalancePolicy | BalancePolicyInput,
  existing: readonly BalanceEntry[] = [],
): BalanceEntry | null {
  const policy = balancePolicySchema.parse(policyInput);
  const sourceKey = overtimeSourceKey(input.employeeId, input.workDate);
  if (findBySourceKey(existing, sourceKey)) return null;
  const dayKind = input.overtimeDayType === 'makeup' ? 'workday' : input.overtimeDayType;
  const rule = policy.conversion[dayKind];
  if (!rule.convert || input.overtimeMinutes <= 0) return null;
  const minutes = roundToUnit(input.overtimeMinutes * rule.ratio, policy.roundingUnitMinutes, policy.rounding);
  if (minutes <= 0) return null;
  return {
    id: sourceKey,
    employeeId: input.employeeId,
    kind: policy.kind,
    type: 'earn',
    minutes,
    effectiveOn: input.workDate,
    expiresOn: expiryDate(input.workDate, policy.expiry),
    sourceKey,
  };
}
