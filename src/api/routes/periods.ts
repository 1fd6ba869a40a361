import { z } from 'zod';
import { confirmMonth, lockMonth, signOffMonth, unlockMonth } from '../../periods/actions.js';
import { monthSchema } from '../../periods/month.js';
import { DECISIONS } from '../../periods/state.js';
import { periodStatus, periodView } from '../../periods/status.js';
import { EVERYONE, PEOPLE } from '../auth/roles.js';
import { defineRoute } from '../registry.js';
import { departmentId } from '../schemas.js';

const monthParams = z.strictObject({ month: monthSchema });
const comment = z.string().min(1).max(500);
const reason = z.string().trim().min(1).max(1000);

export const getPeriod = defineRoute({
  id: 'getPeriod',
  method: 'get',
  path: '/periods/:month',
  summary: 'A month’s state (open, confirming, signed_off, locked), confirmation counts in the caller’s scope, sign-offs and the caller’s next actions',
  roles: EVERYONE,
  params: monthParams,
  response: periodView,
  handler: ({ principal, params, deps }) => periodStatus(deps.db, principal, params.month, deps.config.timezone),
});

export const confirmPeriod = defineRoute({
  id: 'confirmPeriod',
  method: 'post',
  path: '/periods/:month/confirm',
  summary: 'Confirm or dispute one’s own month (until the department signs it off)',
  roles: PEOPLE,
  params: monthParams,
  body: z.strictObject({ decision: z.enum(DECISIONS), comment: comment.optional() }),
  response: periodView,
  handler: ({ principal, params, body, deps }) => confirmMonth(deps, principal, params.month, body),
});

export const signOffPeriod = defineRoute({
  id: 'signOffPeriod',
  method: 'post',
  path: '/periods/:month/sign-off',
  summary: 'Sign the month off for a department tree in the manager’s scope (default: their own); refused while someone in it disputes',
  roles: ['manager'],
  params: monthParams,
  body: z.strictObject({ department: departmentId.optional(), comment: comment.optional() }).optional(),
  response: periodView,
  handler: ({ principal, params, body, deps }) => signOffMonth(deps, principal, params.month, body ?? {}),
});

const lockView = periodView.extend({ recomputed: z.object({ computed: z.number(), written: z.number(), adjusted: z.number() }) }).meta({ id: 'PeriodLocked' });

export const lockPeriod = defineRoute({
  id: 'lockPeriod',
  method: 'post',
  path: '/periods/:month/lock',
  summary: 'Lock the month for payroll after computing its pending days; a month not signed off needs force and a reason',
  roles: ['hr'],
  params: monthParams,
  body: z
    .strictObject({ force: z.boolean().default(false), reason: reason.optional() })
    .refine((b) => !b.force || b.reason !== undefined, { path: ['reason'], message: 'a forced lock needs a reason' })
    .optional(),
  response: lockView,
  handler: ({ principal, params, body, deps }) => lockMonth(deps, principal, params.month, body ?? { force: false }),
});

export const unlockPeriod = defineRoute({
  id: 'unlockPeriod',
  method: 'post',
  path: '/periods/:month/unlock',
  summary: 'Reopen a locked month (admin, with a reason; audited)',
  roles: ['admin'],
  params: monthParams,
  body: z.strictObject({ reason }),
  response: periodView,
  handler: ({ principal, params, body, deps }) => unlockMonth(deps, principal, params.month, body.reason),
});

export const periodRoutes = [getPeriod, confirmPeriod, signOffPeriod, lockPeriod, unlockPeriod];
