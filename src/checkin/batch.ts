import { z } from 'zod';
import { toAppError } from '../errors.js';
import type { Principal } from '../api/auth/roles.js';
import { createRequest } from '../api/requests/create.js';
import { lockedMonths } from '../compute/periods.js';
import { formatInstant, localDateOf } from '../rules/time.js';
import { isUniqueViolation } from './arrivals.js';
import { checkinBody, priorOutcome, processCheckin, punchSchema, type CheckinBody, type Outcome, type Timing } from './checkin.js';
import { LIMITS } from './detect.js';
import type { CheckinDeps, CheckinEmployee } from './employee.js';

/** Offline batches (checkin.md §4): clock-offset correction, late items as correction requests. */

export const MAX_BATCH_ITEMS = 500;

export const batchBody = z.strictObject({
  sentAt: z.iso.datetime({ offset: true }).describe("the phone's clock when sending"),
  items: z.array(checkinBody).min(1).max(MAX_BATCH_ITEMS),
});
export type BatchBody = z.output<typeof batchBody>;

export const batchResult = z.object({
  results: z.array(
    z.object({
      clientId: z.string(),
      status: z.enum(['created', 'duplicate', 'request', 'refused']),
      punch: punchSchema.optional(),
      error: z.object({ code: z.string(), message: z.string(), distanceM: z.number().nullable().optional() }).optional(),
      requestId: z.string().nullable().optional().describe('the correction request an old or locked-month item became'),
    }),
  ),
});
export type BatchResult = z.infer<typeof batchResult>;
type ItemResult = BatchResult['results'][number];

/**
 * When each item happened. `receivedAt − sentAt` estimates the phone's clock offset; above 60 s
 * it corrects every item (the raw time is kept as evidence and the item flagged clock_skew).
 */
export function timingOf(item: CheckinBody, sentAt: number, receivedAt: number): Timing {
  const offset = receivedAt - sentAt;
  const rawAt = item.at === undefined ? sentAt : Date.parse(item.at);
  const corrected = Math.abs(offset) > LIMITS.skewMs ? rawAt + offset : rawAt;
  // A phone cannot have punched after the server received the batch.
  return { at: Math.min(corrected, receivedAt), rawAt, skewMs: offset };
}

/** An old or locked-month item: a correction (补卡) request through the API's filing rules, once per client id. */
async function fileCorrection(deps: CheckinDeps, principal: Principal, e: CheckinEmployee, item: CheckinBody, at: number, reason: string): Promise<Outcome> {
  try {
    await deps.db('checkin_clients').insert({ employee_id: e.id, client_id: item.clientId, status: 'request', created_at: deps.clock.now() });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return (await priorOutcome(deps.db, e.id, item.clientId)) ?? { status: 'request', requestId: null };
  }
  const key = { employee_id: e.id, client_id: item.clientId };
  try {
    const request = await createRequest(deps, principal, { employeeId: e.id, type: 'correction', startAt: formatInstant(at, e.zone), unit: 'hour', reason });
    await deps.db('checkin_clients').where(key).update({ request_id: request.id });
    return { status: 'request', requestId: request.id };
  } catch (err) {
    const app = toAppError(err);
    if (app.code === 'internal') {
      // Unexpected: free the client id so the phone's next upload tries again.
      await deps.db('checkin_clients').where(key).delete();
      throw err;
    }
    const error = { code: app.code.toUpperCase(), message: app.message };
    await deps.db('checkin_clients').where(key).update({ status: 'refused', result: JSON.stringify(error) });
    return { status: 'refused', error };
  }
}

function toItem(clientId: string, o: Outcome): ItemResult {
  switch (o.status) {
    case 'created':
    case 'duplicate':
      return { clientId, status: o.status, punch: o.punch };
    case 'refused':
      return { clientId, status: 'refused', error: o.error };
    default:
      return { clientId, status: 'request', requestId: o.requestId };
  }
}

/** Each item in order, each stored before the answer; a batch replayed in full changes nothing. */
export async function processBatch(deps: CheckinDeps, principal: Principal, e: CheckinEmployee, body: BatchBody): Promise<BatchResult> {
  const receivedAt = deps.clock.now();
  const sentAt = Date.parse(body.sentAt);
  const locked = await lockedMonths(deps.db);
  const results: ItemResult[] = [];
  for (const item of body.items) {
    const timing = timingOf(item, sentAt, receivedAt);
    const prior = await priorOutcome(deps.db, e.id, item.clientId);
    const month = localDateOf(timing.at, e.zone).slice(0, 7);
    let outcome: Outcome;
    if (prior !== null) outcome = prior;
    else if (receivedAt - timing.at > deps.config.policy.offlineMaxAgeHours * 3_600_000) {
      outcome = await fileCorrection(deps, principal, e, item, timing.at, `offline check-in uploaded more than ${deps.config.policy.offlineMaxAgeHours} h later`);
    } else if (locked.has(month)) {
      outcome = await fileCorrection(deps, principal, e, item, timing.at, `offline check-in in the locked month ${month}`);
    } else outcome = await processCheckin(deps, e, item, timing);
    results.push(toItem(item.clientId, outcome));
  }
  return { results };
}
