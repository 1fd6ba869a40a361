import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../errors.js';
import type { Db } from '../ledger/db.js';
import { formatInstant } from '../rules/time.js';
import { isUniqueViolation, type PunchView } from './arrivals.js';
import type { CheckinDeps } from './employee.js';
import type { EventCheckinBody, EventOutcome } from './eventCheckin.js';
import { loadEvent, type CheckinEvent } from './events.js';
import { judge, type Judgement } from './fence.js';
import { checkCode, checkToken } from './qr.js';
import { CheckinRefusal } from './refusal.js';
import { findSite } from './sites.js';
import { mapVendorError, SESSION_HOURS } from './session.js';
import { exchangeWechatCode, type WechatConfig } from './wechat.js';

/**
 * Event guests (checkin.md §1, §3): a WeChat mini-program user without an employee record checks
 * in to an `open` event. The guest token is stateless, signed with the event's own secret and
 * names that event, so it opens nothing else (API tokens start `ab_`, these `abg_`, and
 * `resolveToken` refuses them everywhere). A guest's check-in is a row of `event_checkins` with
 * attendee `wechat:<openid>` and never a ledger punch.
 */

const PREFIX = 'abg_';
const BEARER = /^Bearer\s+(abg_\S+)\s*$/i;

export interface Guest {
  eventId: string;
  openid: string;
  /** `wechat:<openid>`, the attendee id of the guest's check-in. */
  attendeeId: string;
}

export const guestSessionView = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: z.string(),
  role: z.literal('guest'),
  eventId: z.string(),
  attendeeId: z.string(),
});
export type GuestSessionView = z.infer<typeof guestSessionView>;

const sign = (event: CheckinEvent, payload: string): Buffer => createHmac('sha256', event.secret).update(`guest:${payload}`).digest();

function issue(event: CheckinEvent, openid: string, expiresAt: number): string {
  const payload = Buffer.from(JSON.stringify({ e: event.id, o: openid, x: expiresAt })).toString('base64url');
  return `${PREFIX}${payload}.${sign(event, payload).toString('base64url')}`;
}

/** The guest bearer token of a request, or null when the request carries none (an employee token or nothing). */
export function guestBearer(req: Request): string | null {
  return BEARER.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

const unauthenticated = (): AppError => new AppError('unauthenticated', 'A valid bearer token is required.');

/** The guest a token speaks for at this event; 401 for a forged, expired or other event's token. */
export function verifyGuest(event: CheckinEvent, token: string, now: number): Guest {
  const [payload, sig, ...rest] = token.slice(PREFIX.length).split('.');
  if (payload === undefined || sig === undefined || rest.length > 0) throw unauthenticated();
  const want = sign(event, payload);
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw unauthenticated();
  let claims: { e?: unknown; o?: unknown; x?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw unauthenticated();
  }
  if (claims.e !== event.id || typeof claims.o !== 'string' || typeof claims.x !== 'number' || claims.x <= now) throw unauthenticated();
  return { eventId: event.id, openid: claims.o, attendeeId: `wechat:${claims.o}` };
}

/** `POST /api/v1/auth/session {vendor:'wechat', code, guest:true, eventId}`: a token for that open event only. */
export async function openGuestSession(deps: CheckinDeps & { wechat?: WechatConfig | undefined }, body: { vendor: string; code: string; eventId?: string | undefined }): Promise<GuestSessionView> {
  const invalid = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });
  if (body.vendor !== 'wechat') throw invalid('body.vendor', 'guests sign in through the WeChat mini-program');
  if (body.eventId === undefined) throw invalid('body.eventId', 'required for a guest session');
  const cfg = deps.wechat;
  if (cfg === undefined) throw invalid('body.vendor', 'not configured');
  const openid = await exchangeWechatCode(cfg, body.code).catch(mapVendorError);
  const event = await loadEvent(deps.db, body.eventId);
  if (event.attendees !== 'open') throw new CheckinRefusal('not_invited');
  const now = deps.clock.now();
  if (now > event.endsAt) throw new CheckinRefusal('event_not_open');
  const expiresAt = Math.min(now + SESSION_HOURS * 3_600_000, event.endsAt);
  return { token: issue(event, openid, expiresAt), tokenType: 'Bearer', expiresAt: formatInstant(expiresAt, event.zone), role: 'guest', eventId: event.id, attendeeId: `wechat:${openid}` };
}

async function firstCheckin(db: Db, eventId: string, attendee: string): Promise<PunchView | null> {
  const row = (await db('event_checkins').select('result').where({ event_id: eventId, attendee_id: attendee }).first()) as { result: string | null } | undefined;
  return row?.result ? (JSON.parse(row.result) as PunchView) : null;
}

function verifyScan(event: CheckinEvent, body: EventCheckinBody, now: number): ErrorCode | null {
  const method = body.token !== undefined ? 'qr' : 'code';
  if (!event.methods.includes(method)) return 'qr_invalid';
  const r = body.token !== undefined ? checkToken(event.secret, event.id, body.token, now) : checkCode(event.secret, event.id, body.code ?? '', now);
  return r.ok ? null : r.reason === 'expired' ? 'qr_expired' : 'qr_invalid';
}

/**
 * A guest's check-in: the event open now, a valid QR token or code, inside the fence when the
 * event has one; the first check-in wins, later ones answer with it. No punch, no attempt
 * records (those belong to employees); refusals answer with the contract's codes.
 */
export async function guestEventCheckin(deps: CheckinDeps, guest: Guest, event: CheckinEvent, body: EventCheckinBody): Promise<EventOutcome> {
  const now = deps.clock.now();
  if (now < event.startsAt || now > event.endsAt) throw new CheckinRefusal('event_not_open');
  const bad = verifyScan(event, body, now);
  if (bad !== null) throw new CheckinRefusal(bad);
  if (event.attendees !== 'open') throw new CheckinRefusal('not_invited');
  const first = await firstCheckin(deps.db, event.id, guest.attendeeId);
  if (first !== null) return { duplicate: true, punch: first };
  const site = event.siteId === null ? undefined : await findSite(deps.db, event.siteId);
  const judgement: Judgement = site === undefined ? { verdict: 'inside', site: null, distanceM: null, method: 'gps', poorAccuracy: false } : judge([site], { location: body.location });
  if (judgement.verdict === 'outside') throw new CheckinRefusal('out_of_range', judgement.distanceM);
  const view: PunchView = {
    id: `event:${event.id}:${guest.attendeeId}`,
    at: formatInstant(now, event.zone),
    siteId: judgement.site?.id ?? null,
    verdict: judgement.verdict,
    distanceM: judgement.distanceM,
    flags: judgement.poorAccuracy ? ['poor_accuracy'] : [],
  };
  try {
    await deps.db('event_checkins').insert({ event_id: event.id, attendee_id: guest.attendeeId, at: now, method: body.token !== undefined ? 'qr' : 'code', client_id: body.clientId, punch_id: null, result: JSON.stringify(view) });
    return { duplicate: false, punch: view };
  } catch (err) {
    const winner = isUniqueViolation(err) ? await firstCheckin(deps.db, event.id, guest.attendeeId) : null;
    if (winner === null) throw err;
    return { duplicate: true, punch: winner };
  }
}
