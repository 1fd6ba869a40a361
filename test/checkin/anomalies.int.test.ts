import assert from 'node:assert/strict';
import request from 'supertest';
import { ANOMALY_CODES } from '../../src/checkin/detect.js';
import { describeEachDb } from '../support/db.js';
import { OFFICE_GCJ, OFFICE_WGS, addSite, bearer, emp, flagsOf, seed, type Fixture } from './fixture.js';

const DAY = 86_400_000;
const north = (m: number) => ({ lat: OFFICE_WGS.lat + m / 111_195.08, lng: OFFICE_WGS.lng });

describeEachDb('checkin: anomaly flags (checkin.md §6)', (t) => {
  let f: Fixture;
  let n = 0;
  const seen = new Set<string>();
  const checkin = async (token: string, body: Record<string, unknown>, p = OFFICE_WGS, accuracy = 15): Promise<string[]> => {
    const res = await request(f.app).post('/api/v1/checkins').set(...bearer(token)).send({ clientId: `a-${++n}`, location: { ...p, coordSystem: 'wgs84', accuracy }, ...body });
    assert.ok(res.status === 201 || res.status === 422, JSON.stringify(res.body));
    const flags = res.status === 201 ? (res.body.punch.flags as string[]) : await flagsOf(t.db, 'attempt', String(((await t.db('checkin_attempts').where('subject', `a-${n}`).first()) as { id: number }).id));
    for (const c of flags) seen.add(c);
    return flags;
  };
  const has = (flags: string[], code: string) => flags.includes(code);

  before(async () => {
    f = await seed(t.db);
    await addSite(f, { name: 'Office', center: { ...OFFICE_GCJ, coordSystem: 'gcj02' }, radiusM: 200 });
  });
  beforeEach(() => f.clock.advance(DAY));

  it('outside_fence: outside every site; not inside', async () => {
    assert.ok(has(await checkin(f.tokens.wang, {}, north(900)), 'outside_fence'));
    f.clock.advance(3_600_000);
    assert.deepEqual(await checkin(f.tokens.wang, {}), []);
  });

  it('poor_accuracy: accuracy worse than the site limit (200 m); not at 150 m', async () => {
    assert.ok(has(await checkin(f.tokens.li, {}, OFFICE_WGS, 250), 'poor_accuracy'));
    assert.ok(!has(await checkin(f.tokens.li, {}, OFFICE_WGS, 150), 'poor_accuracy'));
  });

  it('fence_edge_retries: the third uncertain or refused attempt within 10 min near the fence; not two, not spread out', async () => {
    const edge = north(260);
    assert.ok(!has(await checkin(f.tokens.chen, {}, edge, 80), 'fence_edge_retries'));
    f.clock.advance(11 * 60_000);
    assert.ok(!has(await checkin(f.tokens.chen, {}, edge, 80), 'fence_edge_retries'));
    f.clock.advance(60_000);
    assert.ok(!has(await checkin(f.tokens.chen, {}, edge, 80), 'fence_edge_retries'), 'only two within 10 min');
    f.clock.advance(60_000);
    assert.ok(has(await checkin(f.tokens.chen, {}, edge, 80), 'fence_edge_retries'));
    // Refused attempts count too (zhao's group rejects out-of-range check-ins).
    await checkin(f.tokens.zhao, {}, north(300), 10);
    await checkin(f.tokens.zhao, {}, north(300), 10);
    assert.ok(has(await checkin(f.tokens.zhao, {}, north(300), 10), 'fence_edge_retries'));
  });

  it('impossible_travel: over 150 km/h across more than 2 km; not when slower or shorter', async () => {
    assert.ok(!has(await checkin(f.tokens.wang, {}), 'impossible_travel'));
    f.clock.advance(10 * 60_000);
    assert.ok(has(await checkin(f.tokens.wang, {}, north(30_000), 10), 'impossible_travel'), '30 km in 10 min');
    f.clock.advance(3 * 3_600_000);
    assert.ok(!has(await checkin(f.tokens.wang, {}), 'impossible_travel'), '30 km in 3 h');
    f.clock.advance(30_000);
    assert.ok(!has(await checkin(f.tokens.wang, {}, north(1500), 10), 'impossible_travel'), '1.5 km is under the 2 km floor');
  });

  it('shared_device and new_device: one phone for two employees within 10 min; a second phone for one employee', async () => {
    assert.deepEqual(await checkin(f.tokens.li, { deviceId: 'phone-L' }), [], 'a first device is the enrolment');
    assert.deepEqual(await checkin(f.tokens.li, { deviceId: 'phone-L' }), []);
    f.clock.advance(5 * 60_000);
    const chen = await checkin(f.tokens.chen, { deviceId: 'phone-L' });
    assert.ok(has(chen, 'shared_device'));
    f.clock.advance(DAY);
    assert.ok(!has(await checkin(f.tokens.chen, { deviceId: 'phone-C' }), 'shared_device'));
    assert.ok(has(await checkin(f.tokens.li, { deviceId: 'phone-X' }), 'new_device'));
    assert.ok(!has(await checkin(f.tokens.li, { deviceId: 'phone-X' }), 'new_device'));
  });

  it('clock_skew: the phone’s time off by more than 60 s; not by 30 s', async () => {
    assert.ok(has(await checkin(f.tokens.wang, { at: new Date(f.clock.now() - 5 * 60_000).toISOString() }), 'clock_skew'));
    assert.ok(!has(await checkin(f.tokens.wang, { at: new Date(f.clock.now() - 30_000).toISOString() }), 'clock_skew'));
  });

  it('mock_location: the client reports a mocked location; not when it says it is not', async () => {
    assert.ok(has(await checkin(f.tokens.chen, { mock: true }), 'mock_location'));
    assert.ok(!has(await checkin(f.tokens.chen, { mock: false }), 'mock_location'));
  });

  it('qr_replay: an expired or foreign token; not a current one', async () => {
    const ev = await request(f.app).post('/api/v1/events').set(...bearer(f.tokens.hr))
      .send({ title: 'Standup', startsAt: new Date(f.clock.now() - 60_000).toISOString(), endsAt: new Date(f.clock.now() + 3_600_000).toISOString(), methods: ['qr'], attendees: 'open' }).expect(201);
    const old = (await request(f.app).get(`/api/v1/events/${ev.body.id}/qr`).set(...bearer(f.tokens.hr)).expect(200)).body.token as string;
    f.clock.advance(150_000);
    await request(f.app).post(`/api/v1/events/${ev.body.id}/checkins`).set(...bearer(f.tokens.li)).send({ clientId: 'q-1', token: old }).expect(422);
    const attempt = (await t.db('checkin_attempts').where({ employee_id: emp('li'), subject: ev.body.id }).first()) as { id: number };
    const flags = await flagsOf(t.db, 'attempt', String(attempt.id));
    assert.deepEqual(flags, ['qr_replay']);
    seen.add('qr_replay');
    const now = (await request(f.app).get(`/api/v1/events/${ev.body.id}/qr`).set(...bearer(f.tokens.hr)).expect(200)).body.token as string;
    const ok = await request(f.app).post(`/api/v1/events/${ev.body.id}/checkins`).set(...bearer(f.tokens.li)).send({ clientId: 'q-2', token: now }).expect(201);
    assert.ok(!(ok.body.punch.flags as string[]).includes('qr_replay'));
  });

  it('every code was raised above, and none was dropped: flagged punches are stored', () => {
    assert.deepEqual([...seen].sort(), [...ANOMALY_CODES].sort());
  });

  it('GET /anomalies lists flags for review within the caller’s scope, without coordinates', async () => {
    const from = '2026-03-10';
    const to = '2026-04-10';
    const all = await request(f.app).get(`/api/v1/anomalies?from=${from}&to=${to}`).set(...bearer(f.tokens.hr)).expect(200);
    const list = all.body.anomalies as { code: string; subjectKind: string; employeeId: string; evidence: Record<string, unknown> }[];
    assert.deepEqual([...new Set(list.map((a) => a.code))].sort(), [...ANOMALY_CODES].sort());
    assert.ok(list.some((a) => a.subjectKind === 'attempt') && list.some((a) => a.subjectKind === 'punch'));
    assert.ok(!/"(lat|lng|latitude|longitude)"/.test(JSON.stringify(list)), 'no coordinates in the evidence');
    const managed = await request(f.app).get(`/api/v1/anomalies?from=${from}&to=${to}`).set(...bearer(f.tokens.manager)).expect(200);
    const people = new Set((managed.body.anomalies as { employeeId: string }[]).map((a) => a.employeeId));
    assert.deepEqual([...people], [emp('zhao')], 'the ops manager sees the ops department only');
    const one = await request(f.app).get(`/api/v1/anomalies?from=${from}&to=${to}&employee=${emp('li')}`).set(...bearer(f.tokens.hr)).expect(200);
    assert.ok((one.body.anomalies as { employeeId: string }[]).every((a) => a.employeeId === emp('li')));
    await request(f.app).get(`/api/v1/anomalies?from=${from}&to=${to}`).set(...bearer(f.tokens.wang)).expect(403);
    await request(f.app).get(`/api/v1/anomalies?from=${from}&to=${to}&employee=${emp('li')}`).set(...bearer(f.tokens.manager)).expect(403);
  });
});
