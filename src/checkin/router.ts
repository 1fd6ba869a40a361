import express, { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { AppError } from '../errors.js';
import { authenticate, principalOf, requireRole } from '../api/auth/middleware.js';
import { apiRouter } from '../api/router.js';
import { parsePart } from '../api/validate.js';
import { formatInstant } from '../rules/time.js';
import { checkinBody, processCheckin } from './checkin.js';
import { callerEmployee } from './employee.js';
import { eventCheckin, eventCheckinBody } from './eventCheckin.js';
import { isOrganiser, loadEvent, validScreenKey, type CheckinEvent } from './events.js';
import { guestBearer, guestEventCheckin, openGuestSession, verifyGuest } from './guest.js';
import { codeFor, tokenFor, WINDOW_SECONDS, windowOf } from './qr.js';
import { CheckinRefusal } from './refusal.js';
import { buildReport, reportQuery, sendReport } from './report.js';
import { checkinRoutes } from './routes.js';
import { screenPage } from './screen.js';
import { openSession, sessionBody, type SessionDeps } from './session.js';
import { EventStreams } from './stream.js';

export type CheckinRouterDeps = SessionDeps;

const eventId = (req: Request): string => String(req.params.id ?? '');
const keyOf = (req: Request): string | undefined => {
  const k = (req.query as Record<string, unknown>).key;
  return typeof k === 'string' ? k : undefined;
};

/**
 * Direct check-in, mounted at `/` (it serves `/api/v1/…` and the venue page `/events/:id/screen`).
 * Routes with one answer status go through the HR API's registry; the ones below answer 201 or
 * 200 (duplicates), stream, or render, so they are written out with the same middleware.
 */
export function checkinRouter(deps: CheckinRouterDeps): Router {
  const router = Router();
  const auth = authenticate(deps.db, deps.clock);
  const json = express.json({ limit: deps.config.bodyLimit });
  const streams = new EventStreams(deps.db, deps.logger);
  const employeeOnly = requireRole(['employee']);

  const registry = apiRouter(deps, checkinRoutes);
  // The HR API serves /api/v1/openapi.json; this router's own copy must not shadow it.
  router.use('/api/v1', (req, res, next) => (req.path === '/openapi.json' ? next() : registry(req, res, next)));

  router.post('/api/v1/auth/session', json, async (req, res) => {
    const body = parsePart(sessionBody, req.body, 'body') as Parameters<typeof openSession>[1];
    res.status(200).set('cache-control', 'no-store').json(body.guest === true ? await openGuestSession(deps, body) : await openSession(deps, body));
  });

  router.post('/api/v1/checkins', auth, employeeOnly, json, async (req, res) => {
    const body = parsePart(checkinBody, req.body, 'body') as Parameters<typeof processCheckin>[2];
    const e = await callerEmployee(deps, principalOf(res));
    const now = deps.clock.now();
    // Online check-ins take the server's receipt time; the phone's own time is evidence (clock_skew).
    const rawAt = body.at === undefined ? null : Date.parse(body.at);
    const outcome = await processCheckin(deps, e, body, { at: now, rawAt, skewMs: rawAt === null ? null : now - rawAt });
    if (outcome.status === 'refused') throw new CheckinRefusal('out_of_range', outcome.error.distanceM ?? null);
    if (outcome.status === 'request') throw new AppError('internal', 'An online check-in never becomes a request.');
    res.status(outcome.status === 'created' ? 201 : 200).json({ punch: outcome.punch, duplicate: outcome.status === 'duplicate' });
  });

  // A WeChat guest of an open event (its `abg_` token names the event); employees go on below.
  router.post('/api/v1/events/:id/checkins', json, async (req, res, next) => {
    const token = guestBearer(req);
    if (token === null) {
      next();
      return;
    }
    const event = await loadEvent(deps.db, eventId(req));
    const guest = verifyGuest(event, token, deps.clock.now());
    const body = parsePart(eventCheckinBody, req.body, 'body') as Parameters<typeof guestEventCheckin>[3];
    const out = await guestEventCheckin(deps, guest, event, body);
    if (!out.duplicate) await streams.bump(event.id);
    res.status(out.duplicate ? 200 : 201).json({ punch: out.punch, duplicate: out.duplicate, guest: true });
  });

  router.post('/api/v1/events/:id/checkins', auth, employeeOnly, json, async (req, res) => {
    const body = parsePart(eventCheckinBody, req.body, 'body') as Parameters<typeof eventCheckin>[3];
    const e = await callerEmployee(deps, principalOf(res));
    const out = await eventCheckin(deps, e, await loadEvent(deps.db, eventId(req)), body);
    if (!out.duplicate) await streams.bump(eventId(req));
    res.status(out.duplicate ? 200 : 201).json({ punch: out.punch, duplicate: out.duplicate });
  });

  /** The organiser (bearer token), or the venue screen (its key in the query: a TV has no token). */
  async function organiserEvent(req: Request, res: Response): Promise<CheckinEvent> {
    const event = await loadEvent(deps.db, eventId(req));
    const key = keyOf(req);
    if (key !== undefined) {
      if (!validScreenKey(event, key)) throw new AppError('forbidden', 'The screen key does not match this event.');
      return event;
    }
    await auth(req, res, () => undefined);
    if (!isOrganiser(principalOf(res), event)) throw new AppError('forbidden', 'Only the organiser sees this event’s QR, stream and report.');
    return event;
  }

  router.get('/api/v1/events/:id/qr', async (req, res) => {
    const event = await organiserEvent(req, res);
    const now = deps.clock.now();
    const w = windowOf(now);
    const token = tokenFor(event.secret, event.id, w);
    const svg = await QRCode.toString(token, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    res.set('cache-control', 'no-store').json({
      token,
      code: codeFor(event.secret, event.id, w),
      // When the screen shows the next QR; this one is still accepted for one more window (scan latency).
      expiresAt: formatInstant((w + 1) * WINDOW_SECONDS * 1000, event.zone),
      svg,
      now: formatInstant(now, event.zone),
    });
  });

  router.get('/api/v1/events/:id/stream', async (req, res) => {
    const event = await organiserEvent(req, res);
    streams.attach(event.id, req, res);
  });

  router.get('/api/v1/events/:id/report', async (req, res) => {
    const event = await organiserEvent(req, res);
    const { format } = parsePart(reportQuery, { ...req.query }, 'query') as { format: 'json' | 'csv' | 'xlsx' };
    await sendReport(res, await buildReport(deps.db, event), format);
  });

  router.get('/events/:id/screen', async (req, res) => {
    const key = keyOf(req);
    const event = await loadEvent(deps.db, eventId(req));
    if (key === undefined || !validScreenKey(event, key)) throw new AppError('forbidden', 'Open the screen with the link given when the event was created.');
    res
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'",
        'referrer-policy': 'no-referrer',
      })
      .send(screenPage(event, key));
  });

  return router;
}
