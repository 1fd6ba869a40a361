import type { Knex } from 'knex';
import { z } from 'zod';
import { errorTable } from '../errors.js';
import { isoInstant } from '../api/schemas.js';
import { isUniqueViolation, punchView, recordArrival, writePunch, type PunchView } from './arrivals.js';
import type { Arrival } from './detect.js';
import { outOfRangePolicy, type CheckinDeps, type CheckinEmployee } from './employee.js';
import { judge, signals, type Signals } from './fence.js';
import { toWgs84 } from './geo.js';
import { listSites, sitesFor } from './sites.js';

/** One phone check-in (checkin.md §7): judged, flagged, stored durably before the answer. */

export const checkinBody = z.strictObject({
  clientId: z.string().min(1).max(64).describe('client-generated (UUID); the same id again is a duplicate'),
  at: z.iso.datetime({ offset: true }).optional().describe("the phone's time (evidence; the server's receipt time is the punch time)"),
  ...signals,
  deviceId: z.string().min(1).max(64).optional(),
  mock: z.boolean().optional().describe('the client reports a mocked / simulated location'),
  note: z.string().max(500).optional(),
});
export type CheckinBody = z.output<typeof checkinBody>;

export const punchSchema = z.object({
  id: z.string(),
  at: isoInstant,
  siteId: z.string().nullable(),
  verdict: z.enum(['inside', 'outside', 'uncertain']),
  distanceM: z.number().nullable(),
  flags: z.array(z.string()),
});

export interface RefusedError {
  code: string;
  message: string;
  distanceM?: number | null;
}

export type Outcome =
  | { status: 'created' | 'duplicate'; punch: PunchView }
  | { status: 'refused'; error: RefusedError }
  | { status: 'request'; requestId: string | null };

/** When the punch happened: the corrected time, and the client's own time and offset when known. */
export interface Timing {
  at: number;
  rawAt: number | null;
  skewMs: number | null;
}

interface ClientRow {
  status: string;
  result: string | null;
  request_id: string | null;
}

/** The first answer given for this client id, or null when the id is new. */
export async function priorOutcome(db: CheckinDeps['db'] | Knex.Transaction, employeeId: string, clientId: string): Promise<Outcome | null> {
  const row = (await db('checkin_clients').select('status', 'result', 'request_id').where({ employee_id: employeeId, client_id: clientId }).first()) as ClientRow | undefined;
  if (row === undefined) return null;
  if (row.status === 'created') return { status: 'duplicate', punch: JSON.parse(row.result as string) as PunchView };
  if (row.status === 'refused') return { status: 'refused', error: JSON.parse(row.result as string) as RefusedError };
  return { status: 'request', requestId: row.request_id };
}

export function signalsOf(b: Pick<CheckinBody, 'location' | 'wifi' | 'beacon' | 'nfcTag'>): Signals {
  return { location: b.location, wifi: b.wifi, beacon: b.beacon, nfcTag: b.nfcTag };
}

export function arrivalOf(e: CheckinEmployee, b: { location?: CheckinBody['location']; deviceId?: string | undefined; mock?: boolean | undefined }, judgement: Arrival['judgement'], timing: Timing, refused: boolean): Arrival {
  const loc = b.location;
  return {
    employeeId: e.id,
    at: timing.at,
    judgement,
    fix: loc === undefined ? null : toWgs84(loc, loc.coordSystem),
    deviceId: b.deviceId ?? null,
    mock: b.mock === true,
    skewMs: timing.skewMs,
    rawAt: timing.rawAt,
    refused,
    qrReplay: null,
  };
}

async function store(deps: CheckinDeps, e: CheckinEmployee, b: CheckinBody, timing: Timing): Promise<Outcome> {
  const sites = sitesFor(await listSites(deps.db), e.ruleGroupId);
  const s = signalsOf(b);
  const judgement = judge(sites, s);
  const refuse = judgement.verdict === 'outside' && outOfRangePolicy(judgement.site, e, deps.config.policy) === 'reject';
  const arrival = arrivalOf(e, b, judgement, timing, refuse);
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const claim = { employee_id: e.id, client_id: b.clientId, created_at: now };
    if (refuse) {
      const error: RefusedError = { code: 'OUT_OF_RANGE', message: errorTable.out_of_range.message, distanceM: judgement.distanceM };
      await trx('checkin_clients').insert({ ...claim, status: 'refused', result: JSON.stringify(error) });
      await recordArrival(trx, arrival, { kind: 'checkin', subject: b.clientId, punchId: null, code: error.code, now });
      return { status: 'refused', error };
    }
    await trx('checkin_clients').insert({ ...claim, status: 'created' });
    const raw = { clientId: b.clientId, rawAt: timing.rawAt, skewMs: timing.skewMs, note: b.note ?? null, mock: b.mock ?? false, beacon: b.beacon ?? null, nfcTag: b.nfcTag ?? null };
    const punchId = await writePunch(trx, { employeeId: e.id, zone: e.zone, sourceRecordKey: `checkin:${e.id}:${b.clientId}`, at: timing.at, method: judgement.method, signals: s, deviceId: b.deviceId ?? null, arrival, raw }, deps.clock);
    const { flags } = await recordArrival(trx, arrival, { kind: 'checkin', subject: b.clientId, punchId, code: null, now });
    const punch = punchView(punchId, arrival, e.zone, flags);
    await trx('checkin_clients').where({ employee_id: e.id, client_id: b.clientId }).update({ punch_id: punchId, result: JSON.stringify(punch) });
    return { status: 'created', punch };
  });
}

/**
 * Stores one check-in once per client id: a repeat answers what the first one got. A concurrent
 * twin loses on the claim's primary key and then reads the winner's answer.
 */
export async function processCheckin(deps: CheckinDeps, e: CheckinEmployee, b: CheckinBody, timing: Timing): Promise<Outcome> {
  const prior = await priorOutcome(deps.db, e.id, b.clientId);
  if (prior !== null) return prior;
  try {
    return await store(deps, e, b, timing);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await priorOutcome(deps.db, e.id, b.clientId);
    if (winner === null) throw err;
    return winner;
  }
}
