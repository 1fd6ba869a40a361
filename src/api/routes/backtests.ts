import { z } from 'zod';
import { backtestPolicySchema, runBacktest } from '../../backtest/index.js';
import { FIGURE_KEYS } from '../../backtest/report.js';
import { HR_ONLY } from '../auth/roles.js';
import { defineRoute } from '../registry.js';
import { isoDate } from '../schemas.js';

const figures = z.object(Object.fromEntries(FIGURE_KEYS.map((k) => [k, z.number()])) as Record<(typeof FIGURE_KEYS)[number], z.ZodNumber>).meta({ id: 'BacktestFigures' });
const beforeAfter = { before: figures, after: figures };
const dayFigures = z
  .object({ status: z.string(), lateCount: z.number(), lateMinutes: z.number(), earlyCount: z.number(), earlyMinutes: z.number(), missingCount: z.number(), absentMinutes: z.number(), overtimeMinutes: z.number() })
  .meta({ id: 'BacktestDayFigures' });
const person = { employeeId: z.string(), name: z.string(), jobNumber: z.string().nullable(), department: z.string() };

const backtestReport = z
  .object({
    from: isoDate,
    to: isoDate,
    department: z.string().nullable(),
    computed: z.number(),
    withoutCurrentResult: z.number().describe('days computed that had no stored result'),
    totals: z.object(beforeAfter),
    departments: z.array(z.object({ department: z.string(), ...beforeAfter })),
    employees: z.array(z.object({ ...person, changedDays: z.number(), ...beforeAfter })),
    days: z.array(z.object({ ...person, date: isoDate, before: dayFigures.nullable(), after: dayFigures, vendor: z.string().nullable() })),
  })
  .meta({ id: 'BacktestReport' });

/**
 * The CLI's `rules backtest` for HR: recomputes the period with the candidate rules and compares
 * with the stored results and the vendors' verdicts. It writes nothing, so it is a POST only
 * because the candidate policy is a JSON document.
 */
export const createBacktest = defineRoute({
  id: 'createBacktest',
  method: 'post',
  path: '/backtests',
  summary: 'What-if: recompute a period with a candidate rule set, without writing, and report what changes',
  roles: HR_ONLY,
  body: z.strictObject({
    from: isoDate,
    to: isoDate,
    policy: backtestPolicySchema,
    department: z.string().min(1).max(200).optional().describe('department id or name; its sub-departments are included'),
  }),
  response: backtestReport,
  handler: ({ body, deps }) =>
    runBacktest(deps.db, {
      from: body.from,
      to: body.to,
      candidate: body.policy,
      policy: deps.config.policy,
      defaultTimezone: deps.config.timezone,
      ...(body.department === undefined ? {} : { department: body.department }),
    }),
});
