import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import { formatInstant } from '../rules/time.js';
import { ORGANISATION_WIDE, type Principal } from '../api/auth/roles.js';
import { employeeId } from '../api/schemas.js';
import { findSite } from './sites.js';

/** Events with dynamic-QR check-in (checkin.md §3, §7). */

const instant = z.iso.datetime({ offset: true });

export const eventBody = z
  .strictObject({
    title: z.string().min(1).max(200),
    startsAt: instant,
    endsAt: instant,
    siteId: z.string().min(1).max(64).optional().describe('a fence the attendees must be inside'),
    methods: z.array(z.enum(['qr', 'code'])).min(1).max(2),
    attendees: z.union([z.literal('open'), z.array(employeeId).min(1).max(20_000)]),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { path: ['endsAt'], message: 'endsAt must be after startsAt' });
export type EventBody = z.output<typeof eventBody>;

export const eventView = z
  .object({
    id: z.string(),
    title: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    siteId: z.string().nullable(),
    methods: z.array(z.enum(['qr', 'code'])),
    attendees: z.union([z.literal('open'), z.array(z.string())]),
    screenUrl: z.string().describe('the venue page; its key lets a TV show the QR and count without a token'),
  })
  .meta({ id: 'Event' });
export type EventView = z.infer<typeof eventView>;

export interface CheckinEvent {
  id: string;
  title: string;
  startsAt: number;
  endsAt: number;
  siteId: string | null;
  secret: string;
  methods: ('qr' | 'code')[];
  attendees: 'open' | string[];
  organiser: { tokenId: string; employeeId: string | null };
  zone: string;
}

interface EventRow {
  id: string;
  name: string;
  site_id: string | null;
  starts_at: number | string;
  ends_at: number | string;
  secret: string;
  options: string;
}

export async function createEvent(db: Db, p: Principal, body: EventBody, zone: string, now: number): Promise<CheckinEvent> {
  if (body.siteId !== undefined && (await findSite(db, body.siteId)) === undefined) {
    throw new AppError('validation_failed', 'body.siteId: no such site', { issues: [{ path: 'body.siteId', message: 'no such site' }] });
  }
  const event: CheckinEvent = {
    id: `ev_${randomBytes(8).toString('hex')}`,
    title: body.title,
    startsAt: Date.parse(body.startsAt),
    endsAt: Date.parse(body.endsAt),
    siteId: body.siteId ?? null,
    // Per-event secret: a leaked screen of one event says nothing about another.
    secret: randomBytes(32).toString('hex'),
    methods: [...new Set(body.methods)],
    attendees: body.attendees === 'open' ? 'open' : [...new Set(body.attendees)],
    organiser: { tokenId: p.tokenId, employeeId: p.employeeId },
    zone,
  };
  await db('events').insert({
    id: event.id,
    name: event.title,
    site_id: event.siteId,
    starts_at: event.startsAt,
    ends_at: event.endsAt,
    secret: event.secret,
    options: JSON.stringify({ methods: event.methods, attendees: event.attendees, organiser: event.organiser, zone }),
    created_at: now,
  });
  return event;
}

export async function loadEvent(db: Db | Knex.Transaction, id: string): Promise<CheckinEvent> {
  const row = (await db('events').select('id', 'name', 'site_id', 'starts_at', 'ends_at', 'secret', 'options').where('id', id).first()) as EventRow | undefined;
  if (row === undefined) throw new AppError('not_found', 'No such event.');
  const o = JSON.parse(row.options) as Pick<CheckinEvent, 'methods' | 'attendees' | 'organiser' | 'zone'>;
  return { id: row.id, title: row.name, siteId: row.site_id, startsAt: Number(row.starts_at), endsAt: Number(row.ends_at), secret: row.secret, ...o };
}

/** The venue screen's key: derived from the event's secret, so it needs no storage and dies with the event. */
export function screenKey(e: CheckinEvent): string {
  return createHmac('sha256', e.secret).update('screen').digest('hex').slice(0, 32);
}

export function validScreenKey(e: CheckinEvent, key: string): boolean {
  const want = screenKey(e);
  return key.length === want.length && timingSafeEqual(Buffer.from(key), Buffer.from(want));
}

export function toEventView(e: CheckinEvent): EventView {
  return {
    id: e.id,
    title: e.title,
    startsAt: formatInstant(e.startsAt, e.zone),
    endsAt: formatInstant(e.endsAt, e.zone),
    siteId: e.siteId,
    methods: e.methods,
    attendees: e.attendees,
    screenUrl: `/events/${e.id}/screen?key=${screenKey(e)}`,
  };
}

/** The organiser: whoever created the event (same token or same employee); HR and admin see every event. */
export function isOrganiser(p: Principal, e: CheckinEvent): boolean {
  return ORGANISATION_WIDE.has(p.role) || p.tokenId === e.organiser.tokenId || (p.employeeId !== null && p.employeeId === e.organiser.employeeId);
}
