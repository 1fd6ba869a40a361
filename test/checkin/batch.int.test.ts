import assert from 'node:assert/strict';
import request from 'supertest';
import { describeEachDb } from '../support/db.js';
import { NOW, OFFICE_GCJ, OFFICE_WGS, addSite, at, bearer, count, emp, flagsOf, seed, type Fixture } from './fixture.js';

interface Item {
  clientId: string;
  status: string;
  punch?: { id: string; at: string; verdict: string; flags: string[] };
  error?: { code: string; distanceM?: number };
  requestId?: string | null;
}

describeEachDb('checkin: offline batches', (t) => {
  let f: Fixture;
  const office = { location: { ...OFFICE_WGS, coordSystem: 'wgs84', accuracy: 15 } };
  const iso = (ms: number) => new Date(ms).toISOString();
  const upload = (token: string, body: Record<string, unknown>) => request(f.app).post('/api/v1/checkins/batch').set(...bearer(token)).send(body);

  before(async () => {
    f = await seed(t.db);
    await addSite(f, { name: 'Office', center: { ...OFFICE_GCJ, coordSystem: 'gcj02' }, radiusM: 200 });
  });

  it('corrects every item by the phone’s clock offset above 60 s (raw time kept, clock_skew) and turns items older than 72 h into correction requests', async () => {
    // The phone's clock runs 10 minutes slow.
    const slow = 10 * 60_000;
    const body = {
      sentAt: iso(NOW - slow),
      items: [
        { clientId: 'b-1', at: iso(at('2026-03-09T08:58:00+08:00') - slow), ...office },
        { clientId: 'b-2', at: iso(at('2026-03-09T18:04:00+08:00') - slow), ...office },
        { clientId: 'b-old', at: iso(at('2026-03-05T09:01:00+08:00') - slow), ...office },
      ],
    };
    const res = await upload(f.tokens.wang, body).expect(200);
    const [b1, b2, old] = res.body.results as Item[];
    assert.deepEqual([b1?.status, b2?.status, old?.status], ['created', 'created', 'request']);
    assert.equal(b1?.punch?.at, '2026-03-09T08:58:00+08:00');
    assert.equal(b2?.punch?.at, '2026-03-09T18:04:00+08:00');
    assert.ok(b1?.punch?.flags.includes('clock_skew'));
    const raw = JSON.parse(((await t.db('punches').where('id', b1?.punch?.id).first()) as { raw: string }).raw) as { rawAt: number; skewMs: number };
    assert.equal(raw.rawAt, at('2026-03-09T08:58:00+08:00') - slow);
    assert.equal(raw.skewMs, slow);
    const request_ = (await t.db('requests').where('id', old?.requestId).first()) as { type: string; status: string; start_at: number; employee_id: string };
    assert.deepEqual([request_.type, request_.status, Number(request_.start_at), request_.employee_id], ['correction', 'pending', at('2026-03-05T09:01:00+08:00'), emp('wang')]);
    assert.equal(await count(t.db, 'punches', { source_record_key: `checkin:${emp('wang')}:b-old` }), 0);

    // Replayed in full: nothing changes, punches answer duplicate, the request stays one request.
    const counts = async () => [await count(t.db, 'punches'), await count(t.db, 'requests'), await count(t.db, 'checkin_attempts'), await count(t.db, 'anomalies')];
    const before = await counts();
    const replay = await upload(f.tokens.wang, body).expect(200);
    assert.deepEqual((replay.body.results as Item[]).map((r) => r.status), ['duplicate', 'duplicate', 'request']);
    assert.deepEqual((replay.body.results as Item[])[0]?.punch, b1?.punch);
    assert.equal((replay.body.results as Item[])[2]?.requestId, old?.requestId);
    assert.deepEqual(await counts(), before);
  });

  it('leaves a clock within 60 s alone (no correction, no flag)', async () => {
    const res = await upload(f.tokens.li, { sentAt: iso(NOW - 30_000), items: [{ clientId: 'l-1', at: iso(at('2026-03-10T08:30:00+08:00')), ...office }] }).expect(200);
    const item = (res.body.results as Item[])[0];
    assert.equal(item?.punch?.at, '2026-03-10T08:30:00+08:00');
    assert.deepEqual(item?.punch?.flags, []);
  });

  it('answers per item: a refused item (reject policy) does not stop the others', async () => {
    const res = await upload(f.tokens.zhao, {
      sentAt: iso(NOW),
      items: [
        { clientId: 'z-1', at: iso(NOW - 3_600_000), location: { lat: 31.3, lng: 121.6, coordSystem: 'wgs84', accuracy: 10 } },
        { clientId: 'z-2', at: iso(NOW - 60_000), ...office },
      ],
    }).expect(200);
    const [z1, z2] = res.body.results as Item[];
    assert.equal(z1?.status, 'refused');
    assert.equal(z1?.error?.code, 'OUT_OF_RANGE');
    assert.ok((z1?.error?.distanceM ?? 0) > 1000);
    assert.equal(z2?.status, 'created');
    const attempt = (await t.db('checkin_attempts').where({ employee_id: emp('zhao'), subject: 'z-1' }).first()) as { id: number };
    assert.deepEqual(await flagsOf(t.db, 'attempt', String(attempt.id)), ['outside_fence']);
  });

  it('items in a locked month become requests even when recent', async () => {
    await t.db('periods').insert({ org_id: 'default', month: '2026-03', state: 'locked', locked_by: 'hr', locked_at: NOW, updated_at: NOW });
    try {
      const res = await upload(f.tokens.chen, { sentAt: iso(NOW), items: [{ clientId: 'c-1', at: iso(NOW - 3_600_000), ...office }] }).expect(200);
      const item = (res.body.results as Item[])[0];
      assert.equal(item?.status, 'request');
      assert.ok(item?.requestId);
    } finally {
      await t.db('periods').where({ month: '2026-03' }).delete();
    }
  });

  it('validates the batch: sentAt required, at most 500 items, employees only', async () => {
    const bad = await upload(f.tokens.wang, { items: [{ clientId: 'x' }] }).expect(400);
    assert.equal(bad.body.error.details.issues[0].path, 'body.sentAt');
    const many = Array.from({ length: 501 }, (_, i) => ({ clientId: `m-${i}` }));
    await upload(f.tokens.wang, { sentAt: iso(NOW), items: many }).expect(400);
    await upload(f.tokens.hr, { sentAt: iso(NOW), items: [{ clientId: 'x' }] }).expect(403);
  });
});
