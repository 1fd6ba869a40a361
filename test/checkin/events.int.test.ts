import assert from 'node:assert/strict';
import { get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describeEachDb } from '../support/db.js';
import { OFFICE_GCJ, OFFICE_WGS, addSite, bearer, count, emp, flagsOf, seed, type Fixture } from './fixture.js';

interface Qr {
  token: string;
  code: string;
  expiresAt: string;
  svg: string;
}

describeEachDb('checkin: events with dynamic QR', (t) => {
  let f: Fixture;
  let listed: { id: string; screenUrl: string };
  let open: { id: string; screenUrl: string };
  let fenced: { id: string };
  let n = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  const newEvent = async (token: string, body: Record<string, unknown>) => {
    const res = await request(f.app).post('/api/v1/events').set(...bearer(token))
      .send({ title: 'All hands <Q1>', startsAt: iso(f.clock.now() - 600_000), endsAt: iso(f.clock.now() + 7_200_000), methods: ['qr', 'code'], attendees: 'open', ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; screenUrl: string; attendees: unknown };
  };
  const qrOf = async (id: string, token = f.tokens.hr): Promise<Qr> => (await request(f.app).get(`/api/v1/events/${id}/qr`).set(...bearer(token)).expect(200)).body as Qr;
  const scan = (id: string, who: string, body: Record<string, unknown>) => request(f.app).post(`/api/v1/events/${id}/checkins`).set(...bearer(who)).send({ clientId: `s-${++n}`, ...body });

  before(async () => {
    f = await seed(t.db);
    listed = await newEvent(f.tokens.manager, { attendees: [emp('wang'), emp('li'), emp('zhao')] });
    open = await newEvent(f.tokens.hr, {});
    const site = await addSite(f, { name: 'Hall', center: { ...OFFICE_GCJ, coordSystem: 'gcj02' }, radiusM: 100 });
    fenced = await newEvent(f.tokens.hr, { siteId: site, methods: ['code'] });
  });

  it('creates events for managers and HR, not employees; validates the window and the site', async () => {
    await request(f.app).post('/api/v1/events').set(...bearer(f.tokens.wang)).send({ title: 'x', startsAt: iso(0), endsAt: iso(1000), methods: ['qr'], attendees: 'open' }).expect(403);
    const bad = await request(f.app).post('/api/v1/events').set(...bearer(f.tokens.hr)).send({ title: 'x', startsAt: iso(1000), endsAt: iso(0), methods: ['qr'], attendees: 'open' }).expect(400);
    assert.equal(bad.body.error.details.issues[0].path, 'body.endsAt');
    await request(f.app).post('/api/v1/events').set(...bearer(f.tokens.hr)).send({ title: 'x', startsAt: iso(0), endsAt: iso(1000), methods: ['qr'], attendees: 'open', siteId: 'nope' }).expect(400);
  });

  it('shows the QR to the organiser, HR and the screen key only', async () => {
    const qr = await qrOf(listed.id, f.tokens.manager);
    assert.match(qr.token, new RegExp(`^${listed.id}\\.\\d+\\.[A-Za-z0-9_-]{22}$`));
    assert.match(qr.code, /^\d{6}$/);
    assert.match(qr.svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(Date.parse(qr.expiresAt) > f.clock.now() && Date.parse(qr.expiresAt) <= f.clock.now() + 60_000);
    assert.deepEqual((await qrOf(listed.id, f.tokens.hr)).token, qr.token);
    await request(f.app).get(`/api/v1/events/${listed.id}/qr`).set(...bearer(f.tokens.wang)).expect(403);
    await request(f.app).get(`/api/v1/events/${listed.id}/qr`).expect(401);
    const key = new URL(listed.screenUrl, 'http://x').searchParams.get('key') as string;
    assert.equal((await request(f.app).get(`/api/v1/events/${listed.id}/qr?key=${key}`).expect(200)).body.token, qr.token);
    await request(f.app).get(`/api/v1/events/${open.id}/qr?key=${key}`).expect(403);
    await request(f.app).get('/api/v1/events/ev_missing/qr').set(...bearer(f.tokens.hr)).expect(404);
  });

  it('accepts the current window and the previous one; a second scan answers with the first check-in', async () => {
    const qr = await qrOf(listed.id);
    const first = await scan(listed.id, f.tokens.wang, { token: qr.token }).expect(201);
    assert.equal(first.body.duplicate, false);
    assert.equal(first.body.punch.verdict, 'inside');
    const again = await scan(listed.id, f.tokens.wang, { token: (await qrOf(listed.id)).token }).expect(200);
    assert.equal(again.body.duplicate, true);
    assert.deepEqual(again.body.punch, first.body.punch);
    f.clock.advance(60_000);
    await scan(listed.id, f.tokens.li, { token: qr.token }).expect(201);
    assert.equal(((await t.db('punches').where('id', first.body.punch.id).first()) as { method: string }).method, 'qr');
  });

  it('refuses w−2 as QR_EXPIRED and other events’ or forged tokens as QR_INVALID, flagging qr_replay', async () => {
    const old = await qrOf(open.id);
    f.clock.advance(120_000);
    const expired = await scan(open.id, f.tokens.chen, { token: old.token }).expect(422);
    assert.equal(expired.body.error.code, 'QR_EXPIRED');
    const foreign = await scan(open.id, f.tokens.chen, { token: (await qrOf(listed.id)).token }).expect(422);
    assert.equal(foreign.body.error.code, 'QR_INVALID');
    const current = (await qrOf(open.id)).token;
    const forged = `${current.slice(0, -2)}${current.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal((await scan(open.id, f.tokens.chen, { token: forged }).expect(422)).body.error.code, 'QR_INVALID');
    const attempts = (await t.db('checkin_attempts').select('id', 'code').where({ employee_id: emp('chen'), subject: open.id }).orderBy('id')) as { id: number; code: string }[];
    assert.deepEqual(attempts.map((a) => a.code), ['QR_EXPIRED', 'QR_INVALID', 'QR_INVALID']);
    for (const a of attempts) assert.ok((await flagsOf(t.db, 'attempt', String(a.id))).includes('qr_replay'));
    assert.equal(await count(t.db, 'event_checkins', { event_id: open.id, attendee_id: emp('chen') }), 0);
    // A valid scan afterwards raises no qr_replay on the punch.
    const ok = await scan(open.id, f.tokens.chen, { token: current }).expect(201);
    assert.ok(!ok.body.punch.flags.includes('qr_replay'));
  });

  it('accepts the 6-digit code of the current and previous window; an old code is QR_EXPIRED, a wrong one QR_INVALID', async () => {
    const inFence = { location: { ...OFFICE_WGS, coordSystem: 'wgs84', accuracy: 10 } };
    const old = (await qrOf(fenced.id)).code;
    f.clock.advance(180_000);
    assert.equal((await scan(fenced.id, f.tokens.wang, { code: old, ...inFence }).expect(422)).body.error.code, 'QR_EXPIRED');
    const { code, token } = await qrOf(fenced.id);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    assert.equal((await scan(fenced.id, f.tokens.wang, { code: wrong, ...inFence }).expect(422)).body.error.code, 'QR_INVALID');
    assert.equal((await scan(fenced.id, f.tokens.wang, { token, ...inFence }).expect(422)).body.error.code, 'QR_INVALID', 'the event takes codes only');
    f.clock.advance(60_000);
    await scan(fenced.id, f.tokens.wang, { code, ...inFence }).expect(201);
  });

  it('refuses NOT_INVITED, EVENT_NOT_OPEN and OUT_OF_RANGE (with distanceM)', async () => {
    assert.equal((await scan(listed.id, f.tokens.chen, { token: (await qrOf(listed.id)).token }).expect(422)).body.error.code, 'NOT_INVITED');
    const far = await scan(fenced.id, f.tokens.li, { code: (await qrOf(fenced.id)).code, location: { lat: 31.3, lng: 121.6, coordSystem: 'wgs84', accuracy: 10 } }).expect(422);
    assert.equal(far.body.error.code, 'OUT_OF_RANGE');
    assert.ok(far.body.error.distanceM > 1000);
    const later = await newEvent(f.tokens.hr, { startsAt: iso(f.clock.now() + 3_600_000), endsAt: iso(f.clock.now() + 7_200_000) });
    assert.equal((await scan(later.id, f.tokens.li, { token: (await qrOf(later.id)).token }).expect(422)).body.error.code, 'EVENT_NOT_OPEN');
    await scan(listed.id, f.tokens.hr, { token: 'x' }).expect(403);
    await scan(listed.id, f.tokens.wang, {}).expect(400);
  });

  describe('over a real HTTP server', () => {
    let server: Server;
    let base: string;
    before(async () => {
      server = await new Promise<Server>((resolve) => {
        const s = f.app.listen(0, '127.0.0.1', () => resolve(s));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('stores one check-in per attendee under 200 concurrent scans, every scan answered with it', async () => {
      const ev = await newEvent(f.tokens.hr, {});
      const { token } = await qrOf(ev.id);
      const who = [f.tokens.wang, f.tokens.li, f.tokens.chen, f.tokens.zhao];
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => request(base).post(`/api/v1/events/${ev.id}/checkins`).set(...bearer(who[i % 4] as string)).send({ clientId: `burst-${i}`, token })));
      assert.deepEqual([...new Set(answers.map((a) => a.status))].sort(), [200, 201]);
      assert.equal(answers.filter((a) => a.status === 201).length, 4);
      assert.equal(await count(t.db, 'event_checkins', { event_id: ev.id }), 4);
      assert.equal(await count(t.db, 'punches', { source_record_key: `checkin:${emp('wang')}:event:${ev.id}` }), 1);
      for (let i = 0; i < 4; i++) {
        const mine = answers.filter((_, j) => j % 4 === i);
        assert.equal(new Set(mine.map((a) => a.body.punch.id)).size, 1, 'every answer names the first check-in');
      }
    });

    it('pushes the live count over server-sent events', async () => {
      const ev = await newEvent(f.tokens.hr, {});
      const key = new URL(ev.screenUrl, base).searchParams.get('key') as string;
      const events: number[] = [];
      let res: IncomingMessage | undefined;
      const waitFor = (k: number) =>
        new Promise<void>((resolve, reject) => {
          const started = Date.now();
          const tick = () => (events.length >= k ? resolve() : Date.now() - started > 5000 ? reject(new Error(`saw ${JSON.stringify(events)}`)) : setTimeout(tick, 20));
          tick();
        });
      get(`${base}/api/v1/events/${ev.id}/stream?key=${key}`, (r) => {
        res = r;
        assert.match(r.headers['content-type'] ?? '', /^text\/event-stream/);
        let buf = '';
        r.on('data', (chunk: Buffer) => {
          buf += chunk.toString();
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = /^event: count\ndata: (.*)$/m.exec(block);
            if (data) events.push((JSON.parse(data[1] as string) as { count: number }).count);
          }
        });
      });
      await waitFor(1);
      const { token } = await qrOf(ev.id);
      await request(base).post(`/api/v1/events/${ev.id}/checkins`).set(...bearer(f.tokens.wang)).send({ clientId: 'sse-1', token }).expect(201);
      await waitFor(2);
      await request(base).post(`/api/v1/events/${ev.id}/checkins`).set(...bearer(f.tokens.li)).send({ clientId: 'sse-2', token }).expect(201);
      await waitFor(3);
      res?.destroy();
      assert.deepEqual(events, [0, 1, 2]);
      const unauth = await request(base).get(`/api/v1/events/${ev.id}/stream`).set(...bearer(f.tokens.wang));
      assert.equal(unauth.status, 403);
    });
  });

  it('serves the venue screen with the key only, and the report as JSON, CSV and XLSX', async () => {
    const page = await request(f.app).get(listed.screenUrl).expect(200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.ok(page.text.includes('All hands &#60;Q1&#62;') && !page.text.includes('<Q1>'));
    assert.ok(page.text.includes(`/api/v1/events/${listed.id}/qr?key=`) && page.text.includes('EventSource'));
    await request(f.app).get(`/events/${listed.id}/screen`).expect(403);
    const json = await request(f.app).get(`/api/v1/events/${listed.id}/report?format=json`).set(...bearer(f.tokens.manager)).expect(200);
    assert.deepEqual(json.body.summary, { invited: 3, checkedIn: 2 });
    const rows = json.body.rows as { employeeId: string; status: string }[];
    assert.deepEqual(rows.map((r) => [r.employeeId, r.status]), [[emp('wang'), 'checked_in'], [emp('li'), 'checked_in'], [emp('zhao'), 'absent']]);
    const csv = await request(f.app).get(`/api/v1/events/${listed.id}/report?format=csv`).set(...bearer(f.tokens.hr)).expect(200);
    assert.match(csv.text, /^\uFEFF?Employee,Name,Status/);
    assert.equal(csv.text.trim().split('\n').length, 4);
    const xlsx = await request(f.app).get(`/api/v1/events/${listed.id}/report?format=xlsx`).set(...bearer(f.tokens.hr)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    assert.equal((xlsx.body as Buffer).subarray(0, 2).toString(), 'PK');
    await request(f.app).get(`/api/v1/events/${listed.id}/report?format=pdf`).set(...bearer(f.tokens.hr)).expect(400);
    await request(f.app).get(`/api/v1/events/${listed.id}/report`).set(...bearer(f.tokens.wang)).expect(403);
  });
});
