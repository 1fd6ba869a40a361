import assert from 'node:assert/strict';
import request from 'supertest';
import { wechatCredentials } from '../../adapters/wecom/sandbox/api-wechat.js';
import { startWecomSandbox, type WecomSandbox } from '../../adapters/wecom/sandbox/index.js';
import { describeEachDb } from '../support/db.js';
import { bearer, count, emp, seed, type Fixture } from './fixture.js';

const SEED = 5151;

describeEachDb('checkin: WeChat event guests', (t) => {
  let wecom: WecomSandbox;
  let f: Fixture;
  let open: string;
  let listed: string;
  let n = 0;
  const iso = (ms: number) => new Date(ms).toISOString();
  const newEvent = async (attendees: unknown): Promise<string> => {
    const res = await request(f.app).post('/api/v1/events').set(...bearer(f.tokens.hr))
      .send({ title: 'Open day', startsAt: iso(f.clock.now() - 600_000), endsAt: iso(f.clock.now() + 7_200_000), methods: ['qr', 'code'], attendees });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return (res.body as { id: string }).id;
  };
  const wxCode = async (openid: string): Promise<string> => (await request(wecom.url).get(`/__sandbox/wx-login?openid=${openid}`).expect(200)).body.code as string;
  const guestSession = async (openid: string, body: Record<string, unknown>, status: number) => request(f.app).post('/api/v1/auth/session').send({ vendor: 'wechat', code: await wxCode(openid), guest: true, ...body }).expect(status);
  const qrOf = async (id: string) => (await request(f.app).get(`/api/v1/events/${id}/qr`).set(...bearer(f.tokens.hr)).expect(200)).body as { token: string; code: string };
  const scan = (id: string, token: string, body: Record<string, unknown>) => request(f.app).post(`/api/v1/events/${id}/checkins`).set(...bearer(token)).send({ clientId: `g-${++n}`, ...body });

  before(async () => {
    wecom = await startWecomSandbox({ employees: 2, days: 1, seed: SEED });
    const creds = wechatCredentials(SEED);
    f = await seed(t.db, { wechat: { appId: creds.appId, secret: creds.secret, apiBase: wecom.url } });
    open = await newEvent('open');
    listed = await newEvent([emp('wang')]);
  });
  after(async () => {
    await wecom?.close();
  });

  it('an unbound openid gets a guest token for an open event and checks in once, without a ledger punch', async () => {
    const s = await guestSession('o-visitor', { eventId: open }, 200);
    assert.equal(s.body.role, 'guest');
    assert.equal(s.body.eventId, open);
    assert.equal(s.body.attendeeId, 'wechat:o-visitor');
    assert.ok(!JSON.stringify(s.body).includes('session_key'));
    const punchesBefore = await count(t.db, 'punches');
    const first = await scan(open, s.body.token, { token: (await qrOf(open)).token }).expect(201);
    assert.equal(first.body.duplicate, false);
    assert.equal(first.body.punch.verdict, 'inside');
    const again = await scan(open, s.body.token, { code: (await qrOf(open)).code }).expect(200);
    assert.equal(again.body.duplicate, true);
    assert.deepEqual(again.body.punch, first.body.punch);
    const rows = (await t.db('event_checkins').select('attendee_id', 'punch_id', 'method').where('event_id', open)) as { attendee_id: string; punch_id: number | null; method: string }[];
    assert.deepEqual(rows.map((r) => [r.attendee_id, r.punch_id, r.method]), [['wechat:o-visitor', null, 'qr']]);
    assert.equal(await count(t.db, 'punches'), punchesBefore, 'a guest check-in is never a ledger punch');
    const report = await request(f.app).get(`/api/v1/events/${open}/report`).set(...bearer(f.tokens.hr)).expect(200);
    assert.deepEqual(report.body.rows.map((r: { employeeId: string; name: string | null }) => [r.employeeId, r.name]), [['wechat:o-visitor', null]]);
    // An employee checks in beside the guest as before, and that does become a punch.
    await scan(open, f.tokens.wang, { token: (await qrOf(open)).token }).expect(201);
    assert.equal(await count(t.db, 'punches'), punchesBefore + 1);
  });

  it('the guest token opens that event only', async () => {
    const s = await guestSession('o-other', { eventId: open }, 200);
    const token = s.body.token as string;
    await request(f.app).get('/api/v1/me').set(...bearer(token)).expect(401);
    await request(f.app).post('/api/v1/checkins').set(...bearer(token)).send({ clientId: 'x' }).expect(401);
    await request(f.app).get(`/api/v1/events/${open}/qr`).set(...bearer(token)).expect(401);
    await scan(listed, token, { token: (await qrOf(listed)).token }).expect(401);
    const forged = `${token.slice(0, -4)}AAAA`;
    await scan(open, forged, { token: (await qrOf(open)).token }).expect(401);
    // Refusals use the contract's codes.
    assert.equal((await scan(open, token, { code: '000000' }).expect(422)).body.error.code, 'QR_INVALID');
    // The token dies with the event.
    f.clock.advance(7_200_000 + 60_000);
    await scan(open, token, { token: (await qrOf(open)).token }).expect(401);
    f.clock.advance(-(7_200_000 + 60_000));
  });

  it('an event with an attendee list takes no guests; a guest session needs WeChat and an event', async () => {
    assert.equal((await guestSession('o-visitor', { eventId: listed }, 422)).body.error.code, 'NOT_INVITED');
    await guestSession('o-visitor', {}, 400);
    await guestSession('o-visitor', { eventId: 'ev_nope' }, 404);
    await request(f.app).post('/api/v1/auth/session').send({ vendor: 'wecom', code: 'x', guest: true, eventId: open }).expect(400);
    assert.equal(await count(t.db, 'event_checkins', { event_id: listed }), 0);
  });
});
