import { z } from 'zod';
import { isIsoDate } from '../rules/time.js';

/** Schemas several routes share. */

export const isoDate = z.iso.date().describe('a calendar date, YYYY-MM-DD');
/** An instant on the wire: ISO 8601 with an offset, e.g. 2026-03-02T09:00:00+08:00. */
export const isoInstant = z.string().describe('ISO 8601 date-time with offset');
export const employeeId = z.string().min(1).max(64);
export const departmentId = z.string().min(1).max(128);

export const page = {
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A query with an inclusive `from`..`to` date range (both required) of at most `maxDays` days,
 * so one call cannot ask for the whole history.
 */
export function rangeQuery<S extends z.ZodRawShape>(shape: S, maxDays: number) {
  return z.strictObject({ ...shape, from: isoDate, to: isoDate }).superRefine((q, ctx) => {
    const { from, to } = q as { from: string; to: string };
    if (!isIsoDate(from) || !isIsoDate(to)) return;
    if (to < from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
    else if (daysBetween(from, to) >= maxDays) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${maxDays} days` });
  });
}

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('UPPER_SNAKE error code'),
      message: z.string(),
      details: z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }).loose().optional(),
    }),
  })
  .meta({ id: 'Error' });
