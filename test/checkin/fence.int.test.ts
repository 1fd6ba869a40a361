import assert from 'node:assert/strict';
import request from 'supertest';
import gcoordModule from 'gcoord';
import { haversineM } from '../../src/checkin/geo.js';
import { describeEachDb } from '../support/db.js';
import { OFFICE_GCJ, OFFICE_WGS, addSite, bearer, count, emp, flagsOf, seed, type Fixture } from './fixture.js';

const gcoord = gcoordModule as unknown as typeof gcoordModule.default;
/** Metres → degrees of latitude on the 6,371,008.8 m sphere. */
const north = (p: { lat: number; lng: number }, m: number) => ({ lat: p.lat + m / 111_195.08, lng: p.lng });
const PUDONG = { lat: 31.2397, lng: 121.4998 };
const square = (c: { lat: number; lng: number }, d: number) => [
  { lat: c.lat - d, lng: c.lng - d, coordSystem: 'wgs84' },
  { lat: c.lat - d, lng: c.lng + d, coordSystem: 'wgs84' },
  { lat: c.lat + d, lng: c.lng + d, coordSystem: 'wgs84' },
  { lat: c.lat + d, lng: c.lng - d, coordSystem: 'wgs84' },
];

describeEachDb('checkin: sites, datums, fences and the out-of-range policy', (t) => {
  let f: Fixture;
  const ids: Record<string, string> = {};
  let n = 0;
  const checkin = (token: string, body: Record<string, unknown>) =>
    request(f.app).post('/api/v1/checkins').set(...bearer(token)).send({ clientId: `c-${++n}`, ...body });
  const gps = (p: { lat: number; lng: number }, accuracy = 20, coordSystem = 'wgs84') => ({ location: { ...p, coordSystem, accuracy } });

  before(async () => {
    f = await seed(t.db);
    ids.office = await addSite(f, { name: 'Office', center: { ...OFFICE_GCJ, coordSystem: 'gcj02' }, radiusM: 200, wifi: ['AA-BB-CC-DD-EE-FF'], nfcTags: ['TAG-1'] });
    ids.pudong = await addSite(f, { name: 'Pudong', center: { ...PUDONG, coordSystem: 'wgs84' }, polygon: square(PUDONG, 0.002), beacons: [{ uuid: 'FDA50693-A4E2-4FB1-AFCF-C6EB07647825', major: 1, minor: 2 }] });
    ids.field = await addSite(f, { name: 'Depot', center: { lat: 31.1979, lng: 121.3364, coordSystem: 'wgs84' }, radiusM: 300, ruleGroups: ['acme:field'] });
  });

  it('creates sites for HR only, normalises BSSIDs and defaults maxAccuracyM to 200', async () => {
    const res = await request(f.app).get('/api/v1/sites').set(...bearer(f.tokens.wang)).expect(200);
    const office = (res.body.sites as Record<string, unknown>[]).find((s) => s.id === ids.office);
    assert.deepEqual(office?.wifi, ['aa:bb:cc:dd:ee:ff']);
    assert.equal(office?.maxAccuracyM, 200);
    assert.deepEqual(office?.center, { ...OFFICE_GCJ, coordSystem: 'gcj02' });
    assert.equal(office?.outOfRange, null);
    await request(f.app).post('/api/v1/sites').set(...bearer(f.tokens.wang)).send({ name: 'x', timezone: 'Asia/Shanghai', center: { lat: 1, lng: 1, coordSystem: 'wgs84' }, radiusM: 10 }).expect(403);
    const bad = await request(f.app).post('/api/v1/sites').set(...bearer(f.tokens.hr)).send({ name: 'x', timezone: 'Mars/Base', center: { lat: 1, lng: 1, coordSystem: 'utm' }, wifi: ['nope'] }).expect(400);
    const paths = (bad.body.error.details.issues as { path: string }[]).map((i) => i.path).sort();
    assert.deepEqual(paths, ['body.center.coordSystem', 'body.timezone', 'body.wifi.0']);
    const shapeless = await request(f.app).post('/api/v1/sites').set(...bearer(f.tokens.hr)).send({ name: 'x', timezone: 'Asia/Shanghai', center: { lat: 1, lng: 1, coordSystem: 'wgs84' } }).expect(400);
    assert.equal(shapeless.body.error.details.issues[0].path, 'body.radiusM');
  });

  it('converts a WGS-84 phone fix and a GCJ-02 fence to one datum (without it the fix would be ~500 m out)', async () => {
    assert.ok(haversineM(OFFICE_WGS, OFFICE_GCJ) > 400, 'the raw numbers are far apart: the test needs the conversion');
    const res = await checkin(f.tokens.wang, gps(OFFICE_WGS)).expect(201);
    assert.equal(res.body.duplicate, false);
    assert.equal(res.body.punch.verdict, 'inside');
    assert.equal(res.body.punch.siteId, ids.office);
    assert.ok(res.body.punch.distanceM < 5, `distance ${res.body.punch.distanceM}`);
    assert.deepEqual(res.body.punch.flags, []);
    const [bdLng, bdLat] = gcoord.transform([OFFICE_WGS.lng, OFFICE_WGS.lat], gcoord.WGS84, gcoord.BD09) as [number, number];
    const bd = await checkin(f.tokens.li, gps({ lat: bdLat, lng: bdLng }, 20, 'bd09')).expect(201);
    assert.equal(bd.body.punch.verdict, 'inside');
    // The same numbers read as WGS-84 are the map's GCJ-02 spot shifted again: outside.
    const wrong = await checkin(f.tokens.chen, gps(OFFICE_GCJ, 10, 'wgs84')).expect(201);
    assert.equal(wrong.body.punch.verdict, 'outside');
    assert.ok(wrong.body.punch.distanceM > 400);
  });

  it('judges accuracy: inside within the radius, uncertain when the accuracy circle reaches the fence, poor accuracy uncertain', async () => {
    const fix250 = north(OFFICE_WGS, 250);
    assert.equal((await checkin(f.tokens.wang, gps(fix250, 100)).expect(201)).body.punch.verdict, 'uncertain');
    const out = (await checkin(f.tokens.wang, gps(fix250, 30)).expect(201)).body.punch;
    assert.equal(out.verdict, 'outside');
    assert.ok(Math.abs(out.distanceM - 250) < 2, `distance ${out.distanceM}`);
    assert.equal((await checkin(f.tokens.wang, gps(north(OFFICE_WGS, 150), 150)).expect(201)).body.punch.verdict, 'inside');
    const poor = (await checkin(f.tokens.wang, gps(OFFICE_WGS, 350)).expect(201)).body.punch;
    assert.equal(poor.verdict, 'uncertain');
    assert.ok(poor.flags.includes('poor_accuracy'));
  });

  it('judges polygons by containment and reports the distance to the edge outside', async () => {
    assert.equal((await checkin(f.tokens.li, gps(north(PUDONG, 150), 10)).expect(201)).body.punch.verdict, 'inside');
    const out = (await checkin(f.tokens.li, gps(north(PUDONG, 0.002 * 111_195.08 + 100), 10)).expect(201)).body.punch;
    assert.equal(out.verdict, 'outside');
    assert.equal(out.siteId, ids.pudong);
    assert.ok(Math.abs(out.distanceM - 100) < 2, `distance ${out.distanceM}`);
    assert.equal((await checkin(f.tokens.li, gps(north(PUDONG, 0.002 * 111_195.08 + 100), 150)).expect(201)).body.punch.verdict, 'uncertain');
  });

  it('a matching Wi-Fi BSSID (any case, - or :), beacon or NFC tag is inside without coordinates', async () => {
    const wifi = await checkin(f.tokens.chen, { wifi: { bssid: 'aa:BB:cc:DD:ee:FF', ssid: 'acme' } }).expect(201);
    assert.equal(wifi.body.punch.verdict, 'inside');
    assert.equal(wifi.body.punch.siteId, ids.office);
    assert.equal(wifi.body.punch.distanceM, null);
    const ble = await checkin(f.tokens.chen, { beacon: { uuid: 'fda50693-a4e2-4fb1-afcf-c6eb07647825', major: 1, minor: 2 } }).expect(201);
    assert.equal(ble.body.punch.siteId, ids.pudong);
    const nfc = await checkin(f.tokens.chen, { nfcTag: 'tag-1' }).expect(201);
    assert.equal(nfc.body.punch.verdict, 'inside');
    const methods = (await t.db('punches').select('method').whereIn('id', [wifi.body.punch.id, ble.body.punch.id, nfc.body.punch.id]).orderBy('id')) as { method: string }[];
    assert.deepEqual(methods.map((m) => m.method), ['wifi', 'ble', 'nfc']);
    const stranger = await checkin(f.tokens.chen, { wifi: { bssid: '00-11-22-33-44-55' } }).expect(201);
    assert.equal(stranger.body.punch.verdict, 'uncertain');
  });

  it('inside any site that applies is inside; a site for another rule group does not apply', async () => {
    const depot = { lat: 31.1979, lng: 121.3364 };
    const wang = (await checkin(f.tokens.wang, gps(depot, 10)).expect(201)).body.punch;
    assert.equal(wang.verdict, 'outside', 'the depot is only for the field group');
    assert.notEqual(wang.siteId, ids.field);
    const zhao = (await checkin(f.tokens.zhao, gps(depot, 10)).expect(201)).body.punch;
    assert.equal(zhao.verdict, 'inside');
    assert.equal(zhao.siteId, ids.field);
  });

  it('reject policy: 422 OUT_OF_RANGE with distanceM, no punch, the attempt kept and flagged; a repeat answers the same', async () => {
    f.clock.advance(3_600_000); // far from the depot check-in before, but not impossibly fast
    const before = await count(t.db, 'punches', { employee_id: emp('zhao') });
    const body = { clientId: 'far-away', ...gps({ lat: 31.3, lng: 121.6 }, 10) };
    const res = await request(f.app).post('/api/v1/checkins').set(...bearer(f.tokens.zhao)).send(body).expect(422);
    assert.equal(res.body.error.code, 'OUT_OF_RANGE');
    assert.ok(res.body.error.distanceM > 1000);
    assert.equal(res.body.error.details.distanceM, res.body.error.distanceM);
    assert.equal(await count(t.db, 'punches', { employee_id: emp('zhao') }), before);
    const attempt = (await t.db('checkin_attempts').where({ employee_id: emp('zhao'), subject: 'far-away' }).first()) as { id: number; outcome: string; code: string; distance_m: number };
    assert.equal(attempt.outcome, 'refused');
    assert.equal(attempt.code, 'OUT_OF_RANGE');
    assert.deepEqual(await flagsOf(t.db, 'attempt', String(attempt.id)), ['outside_fence']);
    const again = await request(f.app).post('/api/v1/checkins').set(...bearer(f.tokens.zhao)).send(body).expect(422);
    assert.deepEqual(again.body, res.body);
    assert.equal(await count(t.db, 'checkin_attempts', { subject: 'far-away' }), 1);
  });

  it('the same clientId again answers 200 with the same punch and duplicate: true, storing nothing new', async () => {
    const body = { clientId: '8a7f1c9e-0000-4000-8000-000000000001', ...gps(OFFICE_WGS) };
    const first = await request(f.app).post('/api/v1/checkins').set(...bearer(f.tokens.li)).send(body).expect(201);
    const punches = await count(t.db, 'punches');
    const second = await request(f.app).post('/api/v1/checkins').set(...bearer(f.tokens.li)).send({ ...body, location: { ...body.location, lat: 0 } }).expect(200);
    assert.equal(second.body.duplicate, true);
    assert.deepEqual(second.body.punch, first.body.punch);
    assert.equal(await count(t.db, 'punches'), punches);
    // Another employee may use the same client id: ids are the phone's, per employee.
    await request(f.app).post('/api/v1/checkins').set(...bearer(f.tokens.chen)).send(body).expect(201);
  });

  it('refuses non-employee tokens and malformed bodies', async () => {
    await request(f.app).post('/api/v1/checkins').set(...bearer(f.tokens.hr)).send({ clientId: 'x' }).expect(403);
    await request(f.app).post('/api/v1/checkins').send({ clientId: 'x' }).expect(401);
    const bad = await request(f.app).post('/api/v1/checkins').set(...bearer(f.tokens.wang)).send({ location: { lat: 91, lng: 0, coordSystem: 'wgs84' } }).expect(400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
  });

  it('check-in punches show in GET /punches as source direct with their verdict and flags', async () => {
    const res = await request(f.app).get(`/api/v1/punches?employee=${emp('wang')}&from=2026-03-10&to=2026-03-10`).set(...bearer(f.tokens.hr)).expect(200);
    const punches = res.body.punches as { source: string; verdict: string; flags: string[] }[];
    assert.ok(punches.length >= 5);
    assert.ok(punches.every((p) => p.source === 'direct'));
    assert.ok(punches.some((p) => p.verdict === 'outside' && p.flags.includes('outside_fence')));
    assert.ok(punches.some((p) => p.verdict === 'uncertain' && p.flags.includes('poor_accuracy')));
    assert.ok(punches.some((p) => p.verdict === 'inside' && p.flags.length === 0));
  });
});
