import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { clockTimeSchema, outOfRangeSchema } from '../rules/index.js';
import { ruleGroupPatternSchema } from '../rules/resolve/index.js';

/**
 * A candidate rule set for a backtest. Every field overrides what the ledger stores, nothing
 * else changes; strict objects, so a misspelt field is an error rather than a silent no-op.
 *
 * ```json
 * { "shifts": { "*": { "lateGraceMinutes": 10 }, "acme:night": { "windowAfterMinutes": 300 } },
 *   "ruleGroups": { "acme:office": { "outOfRange": "field", "overtime": { "mode": "punch" } } },
 *   "outOfRange": "field" }
 * ```
 */

const minutes = z.number({ error: 'expected a whole number of minutes' }).int().min(0);
const clockRange = z.strictObject({ start: clockTimeSchema, end: clockTimeSchema });

/** Overtime fields merge onto the stored ones, so `{ "mode": "punch" }` keeps the rest. */
const overtimeOverride = z.strictObject({
  mode: z.enum(['none', 'punch', 'approval', 'approval-and-punch']).optional(),
  startAfterMinutes: minutes.optional(),
  minMinutes: minutes.optional(),
  unitMinutes: z.number().int().min(1).optional(),
  maxMinutes: minutes.nullable().optional(),
  restDayMaxMinutes: minutes.nullable().optional(),
});

/** The shift fields of rules.md, none defaulted: an omitted field keeps the stored value. */
export const shiftOverrideSchema = z.strictObject({
  segments: z.array(clockRange).min(1).optional(),
  breaks: z.array(clockRange).optional(),
  windowBeforeMinutes: minutes.optional(),
  windowAfterMinutes: minutes.optional(),
  lateGraceMinutes: minutes.optional(),
  earlyGraceMinutes: minutes.optional(),
  seriousLateMinutes: minutes.nullable().optional(),
  absentLateMinutes: minutes.nullable().optional(),
  flex: z.strictObject({ earlyArriveMinutes: minutes.optional(), lateArriveMinutes: minutes.optional() }).nullable().optional(),
  overtime: overtimeOverride.optional(),
});
export type ShiftOverride = z.infer<typeof shiftOverrideSchema>;

export const groupOverrideSchema = z.strictObject({
  /** A whole new pattern (fixed week, cycle with anchor, roster); shift ids as the ledger stores them. */
  pattern: ruleGroupPatternSchema.optional(),
  outOfRange: outOfRangeSchema.optional(),
  overtime: overtimeOverride.optional(),
});
export type GroupOverride = z.infer<typeof groupOverrideSchema>;

export const backtestPolicySchema = z.strictObject({
  /** Keyed by shift id or name; `*` applies to every shift first, a named entry after it. */
  shifts: z.record(z.string().min(1), shiftOverrideSchema).default({}),
  /** Keyed by rule-group id or name. */
  ruleGroups: z.record(z.string().min(1), groupOverrideSchema).default({}),
  /** The tenant-wide fallback for out-of-fence punches (a group's own setting still wins). */
  outOfRange: outOfRangeSchema.optional(),
});
export type BacktestPolicy = z.infer<typeof backtestPolicySchema>;

function issuePath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

/** Parses a candidate policy (text or value); throws ValidationError listing every problem with its path. */
export function parseBacktestPolicy(input: unknown): BacktestPolicy {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (err) {
      throw new ValidationError('The policy file is not valid JSON.', [{ path: '(root)', message: err instanceof Error ? err.message : String(err) }]);
    }
  }
  const parsed = backtestPolicySchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError('The policy file is invalid.', parsed.error.issues.map((i) => ({ path: issuePath(i.path), message: i.message })));
  }
  return parsed.data;
}
