import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load.js';
import { hashToken } from '../api/auth/tokens.js';
import { checkinRouter } from '../checkin/router.js';
import { createEvent } from '../checkin/events.js';
import { tokenFor, windowOf } from '../checkin/qr.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import { createLogger } from '../log.js';
import { createMetrics } from '../metrics.js';
import type { TenantConnector } from '../vendor/contract.js';
import { createApp } from '../web/app.js';
import { freshDb } from './db.js';
import { round, timed, type Bench } from './harness.js';

const ZONE = 'Asia/Shanghai';
const CONCURRENCY = 50;
/** Share of attendees whose phone re-sends the same check-in (flaky venue Wi-Fi). */
const RESEND_SHARE = 0.2;

async function listen(db: Db, clock: ManualClock): Promise<{ server: Server; url: string }> {
  const logger = createLogger('silent');
  const c = loadConfig({});
  const deps = { db, clock, logger, config: { policy: c.policy, timezone: ZONE, bodyLimit: '1mb' }, connectors: { get: () => undefined, all: (): TenantConnector[] => [] } };
  const app = createApp({ db, logger, metrics: createMetrics(), routers: [{ path: '/', router: checkinRouter(deps) }] });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Attendees with their employee tokens, inserted in bulk (the bench measures check-in, not setup). */
async function seedAttendees(db: Db, n: number, now: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_v, i) => `e_att_${String(i).padStart(5, '0')}`);
  const tokens = ids.map((id) => `ab_bench_${id}`);
  for (let i = 0; i < n; i += 200) {
    await db('employees').insert(ids.slice(i, i + 200).map((id) => ({ id, name: `Attendee ${id}`, status: 'active', created_at: now })));
    await db('api_tokens').insert(ids.slice(i, i + 200).map((id, j) => ({ id: `tok_${id}`, token_hash: hashToken(tokens[i + j] as string), name: id, role: 'employee', employee_id: id, created_at: now })));
  }
  return tokens;
}

const count = async (db: Db, table: string, where: Record<string, unknown>): Promise<number> => Number(((await db(table).where(where).count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);

interface Answer {
  status: number;
  ms: number;
  punchId: string | null;
  duplicate: boolean | null;
}

/**
 * `checkin`: a thousand attendees check in to one open QR event within its first minute, through
 * the real HTTP server on 127.0.0.1 (50 clients in flight), plus 20 % duplicate re-sends, into a
 * MariaDB ledger (10 pool connections). Value: stored check-ins per second; p99 of every request.
 * Verified at the end: every client answered, exactly one check-in and one punch per attendee,
 * and every re-send answered with its attendee's first check-in.
 */
export const checkinBench: Bench = {
  name: 'checkin',
  async run(ctx) {
    const attendees = ctx.quick ? 300 : 1000;
    const clock = new ManualClock(Date.parse('2026-03-10T01:00:20Z')); // 20 s into the event
    const { db, drop } = await freshDb('mysql', ctx.mysqlUrl, 'checkin');
    const { server, url } = await listen(db, clock);
    try {
      const tokens = await seedAttendees(db, attendees, clock.now());
      const organiser = { tokenId: 'tok_bench_organiser', name: 'bench', role: 'hr' as const, employeeId: null, departmentId: null };
      const event = await createEvent(db, organiser, { title: 'Bench all hands', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-10T11:00:00+08:00', methods: ['qr', 'code'], attendees: 'open' }, ZONE, clock.now());
      const qr = tokenFor(event.secret, event.id, windowOf(clock.now()));
      // Every attendee once, and a fifth of them again with the same clientId, interleaved.
      const sends = tokens.map((token, i) => ({ token, clientId: `c-${i}`, attendee: i }));
      const resends = sends.filter((_s, i) => i % Math.round(1 / RESEND_SHARE) === 0);
      const queue = [...sends];
      resends.forEach((r, k) => queue.splice(Math.min(queue.length, r.attendee + 37 + k), 0, r));
      ctx.log(`checkin: ${attendees} attendees + ${resends.length} re-sends to one event, ${CONCURRENCY} in flight, MariaDB`);
      const answers: (Answer & { attendee: number })[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        for (;;) {
          const item = queue[next++];
          if (item === undefined) return;
          const start = performance.now();
          const res = await fetch(`${url}/api/v1/events/${event.id}/checkins`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${item.token}` },
            body: JSON.stringify({ clientId: item.clientId, token: qr }),
          });
          const body = (await res.json()) as { punch?: { id: string }; duplicate?: boolean };
          answers.push({ attendee: item.attendee, status: res.status, ms: performance.now() - start, punchId: body.punch?.id ?? null, duplicate: body.duplicate ?? null });
        }
      };
      const run = await timed(() => Promise.all(Array.from({ length: CONCURRENCY }, worker)));

      // The guarantee: every client answered; one check-in and one punch per attendee.
      const failed = answers.filter((a) => a.status !== 201 && a.status !== 200);
      if (answers.length !== queue.length || failed.length > 0) throw new Error(`checkin: ${queue.length - answers.length} unanswered, ${failed.length} failed (${failed[0]?.status ?? ''})`);
      const created = answers.filter((a) => a.status === 201 && a.duplicate === false).length;
      const stored = await count(db, 'event_checkins', { event_id: event.id });
      const punches = await count(db, 'punches', {});
      const distinct = new Set((await db('event_checkins').select('attendee_id').where('event_id', event.id)).map((r: { attendee_id: string }) => r.attendee_id)).size;
      if (created !== attendees || stored !== attendees || punches !== attendees || distinct !== attendees) {
        throw new Error(`checkin: ${attendees} attendees gave ${created} created answers, ${stored} check-ins (${distinct} distinct), ${punches} punches`);
      }
      const firstPunch = new Map<number, string | null>();
      for (const a of answers) if (a.status === 201) firstPunch.set(a.attendee, a.punchId);
      const mismatched = answers.filter((a) => a.status === 200 && (a.duplicate !== true || a.punchId !== firstPunch.get(a.attendee)));
      if (mismatched.length > 0) throw new Error(`checkin: ${mismatched.length} re-sends were not answered with the first check-in`);

      const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
      const pct = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)] ?? 0;
      return [
        {
          bench: 'checkin',
          value: Math.round(attendees / run.seconds),
          unit: 'checkins/s',
          baseline: null,
          ratio: null,
          attendees,
          resends: resends.length,
          requests_per_s: Math.round(queue.length / run.seconds),
          p50_ms: round(pct(50)),
          p99_ms: round(pct(99)),
          max_ms: round(ms[ms.length - 1] ?? 0),
          concurrency: CONCURRENCY,
          seconds: round(run.seconds, 2),
          verified: true,
        },
      ];
    } finally {
      server.close();
      await drop();
    }
  },
};
