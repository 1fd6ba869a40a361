import type { Knex } from 'knex';
import type { Policy } from '../../../config/schema.js';
import { AppError } from '../../errors.js';
import { allocateSpend, type BalanceEntry } from '../../rules/balances/index.js';
import { addDays, localDateOf } from '../../rules/time.js';
import { TIME_OFF_KIND, loadBalanceEntries } from '../balances.js';
import { localDayBounds } from '../zones.js';
import type { API_REQUEST_TYPES } from './schema.js';
import { shiftTimeOf } from './shiftTime.js';

/** A request about to be filed, with its instants parsed and its employee's timezone. */
export interface Candidate {
  employeeId: string;
  type: (typeof API_REQUEST_TYPES)[number];
  startAt: number;
  endAt: number;
  zone: string;
}

export interface CheckContext {
  policy: Policy;
  defaultTimezone: string;
  now: number;
}

export interface CheckOutcome {
  durationMinutes: number;
  /** The 调休 spend to record with a time_off request (its key is set once the request has an id). */
  spend: BalanceEntry | null;
}

const LIVE = ['pending', 'approved'];

/**
 * Runs every filing rule, in the caller's transaction, before anything is stored: no overlap
 * with a live request; corrections inside the window and the monthly count; leave inside the
 * employee's shifts; 调休 covered by the balance. Throws the AppError of the first broken rule.
 */
export async function checkRequest(trx: Knex.Transaction, c: Candidate, ctx: CheckContext): Promise<CheckOutcome> {
  await checkOverlap(trx, c);
  switch (c.type) {
    case 'correction':
      await checkCorrection(trx, c, ctx);
      return { durationMinutes: 0, spend: null };
    case 'leave':
    case 'time_off': {
      const minutes = await leaveMinutes(trx, c, ctx);
      return { durationMinutes: minutes, spend: c.type === 'time_off' ? await checkTimeOff(trx, c, minutes) : null };
    }
    default:
      return { durationMinutes: Math.round((c.endAt - c.startAt) / 60_000), spend: null };
  }
}

async function checkOverlap(trx: Knex.Transaction, c: Candidate): Promise<void> {
  const q = trx('requests').select('id').where('employee_id', c.employeeId).whereIn('status', LIVE);
  // A correction is one instant: it clashes only with a correction of the same punch time.
  if (c.type === 'correction') q.where('type', 'correction').where('start_at', c.startAt);
  else q.whereNot('type', 'correction').where('start_at', '<', c.endAt).where('end_at', '>', c.startAt);
  const clash = (await q.first()) as { id: number | string } | undefined;
  if (clash !== undefined) throw new AppError('request_overlap', undefined, { requestId: String(clash.id) });
}

function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${date.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

async function checkCorrection(trx: Knex.Transaction, c: Candidate, ctx: CheckContext): Promise<void> {
  const { correctionWindowDays, correctionsPerMonth } = ctx.policy;
  const date = localDateOf(c.startAt, c.zone);
  const today = localDateOf(ctx.now, c.zone);
  if (c.startAt > ctx.now) throw new AppError('correction_window', 'A correction cannot be for a time in the future.');
  if (date < addDays(today, -correctionWindowDays)) {
    throw new AppError('correction_window', `Corrections may be filed up to ${correctionWindowDays} days after the day.`, { windowDays: correctionWindowDays });
  }
  const month = localDayBounds(`${date.slice(0, 7)}-01`, monthEnd(date), c.zone);
  const row = (await trx('requests')
    .count({ n: '*' })
    .where({ employee_id: c.employeeId, type: 'correction' })
    .whereIn('status', LIVE)
    .where('start_at', '>=', month.start)
    .where('start_at', '<', month.end)
    .first()) as { n: number | string } | undefined;
  const used = Number(row?.n ?? 0);
  if (used >= correctionsPerMonth) {
    throw new AppError('correction_limit', `At most ${correctionsPerMonth} corrections a month; ${date.slice(0, 7)} has ${used}.`, { limit: correctionsPerMonth, used });
  }
}

async function leaveMinutes(trx: Knex.Transaction, c: Candidate, ctx: CheckContext): Promise<number> {
  const shifts = await shiftTimeOf(trx, c.employeeId, c.startAt, c.endAt, c.zone, ctx);
  if (shifts.minutes <= 0 || !shifts.within(c.startAt) || !shifts.within(c.endAt)) {
    throw new AppError('outside_shift', 'A leave must start and end within the employee’s shifts and cover working time.');
  }
  return shifts.minutes;
}

async function checkTimeOff(trx: Knex.Transaction, c: Candidate, minutes: number): Promise<BalanceEntry> {
  const entries = await loadBalanceEntries(trx, c.employeeId, TIME_OFF_KIND);
  const outcome = allocateSpend(entries, {
    employeeId: c.employeeId,
    kind: TIME_OFF_KIND,
    sourceKey: `req:api:pending:${c.startAt}`,
    minutes,
    effectiveOn: localDateOf(c.startAt, c.zone),
  });
  if (outcome.status === 'insufficient') {
    throw new AppError('insufficient_balance', `调休 balance ${outcome.availableMinutes} min, the request needs ${outcome.neededMinutes} min.`, {
      availableMinutes: outcome.availableMinutes,
      neededMinutes: outcome.neededMinutes,
    });
  }
  return outcome.entry;
}
