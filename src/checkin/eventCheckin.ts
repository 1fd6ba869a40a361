import { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import { isUniqueViolation, punchView, recordArrival, writePunch, type PunchView } from './arrivals.js';
import { arrivalOf } from './checkin.js';
import type { CheckinDeps, CheckinEmployee } from './employee.js';
import type { CheckinEvent } from './events.js';
import { fix, judge, type Judgement } from './fence.js';
import { checkCode, checkToken } from './qr.js';
import { CheckinRefusal } from './refusal.js';
import { findSite } from './sites.js';

/** Event check-in by the dynamic QR or its code (checkin.md §3): one check-in per attendee. */

export const eventCheckinBody = z
  .strictObject({
    clientId: z.string().min(1).max(64),
    token: z.string().min(1).max(256).optional(),
    code: z.string().min(1).max(16).optional(),
    location: fix.optional(),
    deviceId: z.string().min(1).max(64).optional(),
    mock: z.boolean().optional(),
  })
  .refine((b) => b.token !== undefined || b.code !== undefined, { path: ['token'], message: 'a QR token or the 6-digit code is required' });
export type EventCheckinBody = z.output<typeof eventCheckinBody>;

export interface EventOutcome {
  duplicate: boolean;
  punch: PunchView;
}

/** Tokens are checked before anything is read: the scheme is stateless (§3). */
function verify(event: CheckinEvent, body: EventCheckinBody, now: number): { code: ErrorCode; replay: string | null } | null {
  if (body.token !== undefined) {
    if (!event.methods.includes('qr')) return { code: 'qr_invalid', replay: null };
    const r = checkToken(event.secret, event.id, body.token, now);
    return r.ok ? null : { code: r.reason === 'expired' ? 'qr_expired' : 'qr_invalid', replay: r.reason };
  }
  if (!event.methods.includes('code')) return { code: 'qr_invalid', replay: null };
  const r = checkCode(event.secret, event.id, body.code ?? '', now);
  return r.ok ? null : { code: r.reason === 'expired' ? 'qr_expired' : 'qr_invalid', replay: null };
}

async function firstCheckin(deps: CheckinDeps, eventId: string, attendee: string): Promise<PunchView | null> {
  const row = (await deps.db('event_checkins').select('result').where({ event_id: eventId, attendee_id: attendee }).first()) as { result: string | null } | undefined;
  return row?.result ? (JSON.parse(row.result) as PunchView) : null;
}

async function judgeAt(deps: CheckinDeps, event: CheckinEvent, body: EventCheckinBody): Promise<Judgement> {
  const site = event.siteId === null ? undefined : await findSite(deps.db, event.siteId);
  // Without a fence the scan itself places the attendee at the venue screen.
  if (site === undefined) return { verdict: 'inside', site: null, distanceM: null, method: 'gps', poorAccuracy: false };
  return judge([site], { location: body.location });
}

/**
 * Checks an attendee in: open window, valid token or code, invited, inside the fence when the
 * event has one. Refusals are kept as attempts (an expired or foreign token flags qr_replay).
 * The first check-in wins the (event, attendee) key; any later one answers with it.
 */
export async function eventCheckin(deps: CheckinDeps, e: CheckinEmployee, event: CheckinEvent, body: EventCheckinBody): Promise<EventOutcome> {
  const now = deps.clock.now();
  const timing = { at: now, rawAt: null, skewMs: null };
  const refuse = async (code: ErrorCode, judgement: Judgement, replay: string | null): Promise<never> => {
    const arrival = { ...arrivalOf(e, body, judgement, timing, true), qrReplay: replay === null ? null : { reason: replay, eventId: event.id } };
    await deps.db.transaction((trx) => recordArrival(trx, arrival, { kind: 'event', subject: event.id, punchId: null, code: code.toUpperCase(), now }));
    throw new CheckinRefusal(code, code === 'out_of_range' ? judgement.distanceM : null);
  };
  const none: Judgement = { verdict: 'uncertain', site: null, distanceM: null, method: 'gps', poorAccuracy: false };
  if (now < event.startsAt || now > event.endsAt) return refuse('event_not_open', none, null);
  const bad = verify(event, body, now);
  if (bad !== null) return refuse(bad.code, none, bad.replay);
  if (event.attendees !== 'open' && !event.attendees.includes(e.id)) return refuse('not_invited', none, null);
  const first = await firstCheckin(deps, event.id, e.id);
  if (first !== null) return { duplicate: true, punch: first };
  const judgement = await judgeAt(deps, event, body);
  if (judgement.verdict === 'outside') return refuse('out_of_range', judgement, null);
  const arrival = arrivalOf(e, body, judgement, timing, false);
  try {
    const punch = await deps.db.transaction(async (trx) => {
      await trx('event_checkins').insert({ event_id: event.id, attendee_id: e.id, at: now, method: body.token !== undefined ? 'qr' : 'code', client_id: body.clientId });
      const raw = { clientId: body.clientId, eventId: event.id, mock: body.mock ?? false };
      const signals = { location: body.location };
      const punchId = await writePunch(trx, { employeeId: e.id, zone: e.zone, sourceRecordKey: `checkin:${e.id}:event:${event.id}`, at: now, method: 'qr', signals, deviceId: body.deviceId ?? null, arrival, raw }, deps.clock);
      const { flags } = await recordArrival(trx, arrival, { kind: 'event', subject: event.id, punchId, code: null, now });
      const view = punchView(punchId, arrival, e.zone, flags);
      await trx('event_checkins').where({ event_id: event.id, attendee_id: e.id }).update({ punch_id: punchId, result: JSON.stringify(view) });
      return view;
    });
    return { duplicate: false, punch };
  } catch (err) {
    const winner = isUniqueViolation(err) ? await firstCheckin(deps, event.id, e.id) : null;
    if (winner === null) throw err;
    return { duplicate: true, punch: winner };
  }
}

export async function checkinCount(deps: Pick<CheckinDeps, 'db'>, eventId: string): Promise<number> {
  const row = (await deps.db('event_checkins').count({ n: '*' }).where('event_id', eventId).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
