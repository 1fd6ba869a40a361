import { z } from 'zod';
import { isIsoDate, isIsoInstant, isValidTimezone } from '../time.js';
import { overtimePolicySchema, shiftSchema } from './shift.js';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export const instantSchema = z.string().refine(isIsoInstant, { error: 'expected an ISO 8601 instant' });

export const dayTypeSchema = z.enum(['workday', 'restday', 'holiday', 'makeup']);
export type DayType = z.infer<typeof dayTypeSchema>;

export const locationSchema = z.enum(['inside', 'outside', 'uncertain']);
export type PunchLocation = z.infer<typeof locationSchema>;

export const punchSchema = z.union([
  instantSchema,
  z.object({ at: instantSchema, location: locationSchema.default('inside') }),
]);

export const requestTypeSchema = z.enum(['leave', 'trip', 'outing', 'field', 'correction', 'overtime']);
export type RequestType = z.infer<typeof requestTypeSchema>;
export const requestStatusSchema = z.enum(['approved', 'pending', 'rejected', 'cancelled', 'revoked']);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

/** `end` may be omitted only for a correction, whose punch is at `start`. */
export const requestSchema = z
  .object({
    type: requestTypeSchema,
    subtype: z.string().min(1).optional(),
    start: instantSchema,
    end: instantSchema.optional(),
    status: requestStatusSchema.default('approved'),
  })
  .superRefine((r, ctx) => {
    if (r.end === undefined && r.type !== 'correction') {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `expected an end instant for a ${r.type} request` });
    }
  });

export const outOfRangeSchema = z.enum(['exception', 'field', 'reject']);
export type OutOfRangePolicy = z.infer<typeof outOfRangeSchema>;

/** One day case, exactly the input format of `rules eval` (rules.md, "The day case"). */
export const dayCaseSchema = z.object({
  timezone: z.string().refine(isValidTimezone, { error: 'expected an IANA timezone' }).default(DEFAULT_TIMEZONE),
  date: z.string().refine(isIsoDate, { error: 'expected YYYY-MM-DD' }),
  dayType: dayTypeSchema.optional(),
  shift: shiftSchema.nullable().default(null),
  punches: z.array(punchSchema).default([]),
  requests: z.array(requestSchema).default([]),
  neighbours: z
    .object({ previousEnd: instantSchema.nullish(), nextStart: instantSchema.nullish() })
    .nullish(),
  overtime: overtimePolicySchema.optional(),
  outOfRange: outOfRangeSchema.default('exception'),
});
export type DayCaseInput = z.input<typeof dayCaseSchema>;
export type DayCase = z.output<typeof dayCaseSchema>;
