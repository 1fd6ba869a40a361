import assert from 'node:assert/strict';
import request from 'supertest';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { describeEachDb } from '../support/db.js';
import { NOW, TENANT, assertDocumented, bearer, count, emp, seed, type Fixture } from './fixture.js';

describeEachDb('api: requests', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  const post = async (token: string, body: unknown, status: number) => {
    const res = await request(f.app).post('/api/v1/requests').set(...bearer(token)).send(body as object).expect(status);
    if (status === 201) assertDocumented('post', '/requests', res);
    return res.body;
  };
  const cancel = async (token: string, id: string, status: number, body: object = {}) => {
    const res = await request(f.app).post(`/api/v1/requests/${id}/cancel`).set(...bearer(token)).send(body).expect(status);
    if (status === 200) assertDocumented('post', `/requests/${id}/cancel`, res);
    return res.body;
  };
  const list = async (token: string, query: string, status = 200) => {
    const res = await request(f.app).get(`/api/v1/requests${query}`).set(...bearer(token)).expect(status);
    if (status === 200) assertDocumented('get', '/requests', res);
    return res.body;
  };
  const leave = (startAt: string, endAt: string, extra: object = {}) => ({ type: 'leave', subtype: 'annual', startAt, endAt, ...extra });
  /** Rows in every table a filing writes: a refused filing must change none of them. */
  const footprint = async () => Promise.all(['requests', 'writeback_outbox', 'audit_log', 'balances', 'dirty_days'].map((table) => count(t.db, table)));
  const refused = async (token: string, body: unknown, status: number, code: string) => {
    const before = await footprint();
    const res = await post(token, body, status);
    assert.equal(res.error.code, code, JSON.stringify(res));
    assert.deepEqual(await footprint(), before, 'nothing stored');
    return res;
  };

  describe('filing', () => {
    it('files a leave with its duration from the employee’s shifts, pending, with outbox item and audit entry', async () => {
      const before = await footprint();
      const r = await post(f.tokens.wang, leave('2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', { reason: 'family' }), 201);
      assert.equal(r.status, 'pending');
      assert.equal(r.origin, 'api');
      assert.equal(r.employeeId, emp('wang'));
      assert.equal(r.durationMinutes, 480, 'nine hours minus the lunch break');
      assert.equal(r.startAt, '2026-03-11T09:00:00+08:00');
      assert.equal(r.submittedAt, '2026-03-10T10:00:00+08:00');
      const row = await t.db('requests').where('id', r.id).first();
      assert.equal(row.tenant_id, 'api');
      assert.equal(row.external_id, r.id);
      const out = await t.db('writeback_outbox').where('idempotency_key', `apply_event:api:${r.id}`).first();
      assert.equal(out.kind, 'apply_event');
      assert.equal(out.tenant_id, TENANT.id);
      assert.deepEqual(JSON.parse(out.payload), {
        requestId: r.id, employeeId: emp('wang'), externalUserId: 'wang', type: 'leave', subtype: 'annual', startAt: Date.parse(r.startAt), endAt: Date.parse(r.endAt),
        unit: 'hour', durationMinutes: 480, reason: 'family', timezone: 'Asia/Shanghai',
      });
      const audit = await t.db('audit_log').where({ entity: 'request', entity_id: r.id }).first();
      assert.equal(audit.action, 'create');
      assert.match(audit.actor, /^wang \(tok_[0-9a-f]+\)$/);
      assert.equal(audit.before, null);
      assert.deepEqual(JSON.parse(audit.after), r);
      assert.equal(audit.reason, 'family');
      assert.equal(Number(audit.at), NOW);
      const after = await footprint();
      assert.deepEqual(after, [before[0]! + 1, before[1]! + 1, before[2]! + 1, before[3], before[4]], 'a pending request marks no day dirty');
    });

    it('sums working time across days and skips the night and the lunch break', async () => {
      const r = await post(f.tokens.wang, leave('2026-03-12T13:00:00+08:00', '2026-03-13T12:00:00+08:00'), 201);
      assert.equal(r.durationMinutes, 300 + 180);
      const ot = await post(f.tokens.wang, { type: 'overtime', startAt: '2026-03-11T19:00:00+08:00', endAt: '2026-03-11T21:30:00+08:00' }, 201);
      assert.equal(ot.durationMinutes, 150, 'overtime lasts its wall-clock time');
    });

    it('refuses a leave outside the employee’s shifts and stores nothing', async () => {
      await refused(f.tokens.wang, leave('2026-03-14T09:00:00+08:00', '2026-03-14T18:00:00+08:00'), 422, 'OUTSIDE_SHIFT');
      await refused(f.tokens.wang, leave('2026-03-16T07:00:00+08:00', '2026-03-16T10:00:00+08:00'), 422, 'OUTSIDE_SHIFT');
      await refused(f.tokens.wang, leave('2026-03-16T12:00:00+08:00', '2026-03-16T13:00:00+08:00'), 422, 'OUTSIDE_SHIFT');
      await refused(f.tokens.wang, { ...leave('2026-03-16T17:00:00+08:00', '2026-03-16T19:00:00+08:00'), type: 'time_off' }, 422, 'OUTSIDE_SHIFT');
    });

    it('refuses an overlap with a pending or approved request of the same employee', async () => {
      const res = await refused(f.tokens.wang, leave('2026-03-11T14:00:00+08:00', '2026-03-11T15:00:00+08:00', { subtype: 'sick' }), 409, 'REQUEST_OVERLAP');
      assert.match(res.error.details.requestId, /^\d+$/);
      await refused(f.tokens.wang, { type: 'trip', startAt: '2026-03-12T08:00:00+08:00', endAt: '2026-03-12T14:00:00+08:00' }, 409, 'REQUEST_OVERLAP');
      // Touching is not overlapping (this one is refused for starting before the shift), and a rejected request does not block.
      await refused(f.tokens.wang, leave('2026-03-11T08:00:00+08:00', '2026-03-11T09:00:00+08:00'), 422, 'OUTSIDE_SHIFT');
      await applyChanges(t.db, TENANT, [{ kind: 'request', externalUserId: 'wang', externalId: 'sp-rejected', type: 'leave', startAt: Date.parse('2026-03-18T09:00:00+08:00'), endAt: Date.parse('2026-03-18T18:00:00+08:00'), status: 'rejected' }], f.clock);
      await post(f.tokens.wang, leave('2026-03-18T09:00:00+08:00', '2026-03-18T12:00:00+08:00'), 201);
      await t.db('dirty_days').delete();
    });

    it('keeps corrections within the window and the monthly count', async () => {
      const c1 = await post(f.tokens.wang, { type: 'correction', startAt: '2026-03-03T09:00:00+08:00', reason: 'forgot' }, 201);
      assert.equal(c1.durationMinutes, 0);
      assert.equal(c1.endAt, c1.startAt);
      await refused(f.tokens.wang, { type: 'correction', startAt: '2026-03-03T09:00:00+08:00' }, 409, 'REQUEST_OVERLAP');
      await post(f.tokens.wang, { type: 'correction', startAt: '2026-03-04T18:00:00+08:00' }, 201);
      const limit = await refused(f.tokens.wang, { type: 'correction', startAt: '2026-03-05T09:00:00+08:00' }, 422, 'CORRECTION_LIMIT');
      assert.deepEqual(limit.error.details, { limit: 2, used: 2 });
      await refused(f.tokens.wang, { type: 'correction', startAt: '2026-02-07T09:00:00+08:00' }, 422, 'CORRECTION_WINDOW');
      await refused(f.tokens.wang, { type: 'correction', startAt: '2026-03-10T18:00:00+08:00' }, 422, 'CORRECTION_WINDOW');
      // February is another month with its own count, and the 8th is inside the 30-day window.
      await post(f.tokens.wang, { type: 'correction', startAt: '2026-02-09T09:00:00+08:00' }, 201);
      // Another employee has their own count.
      await post(f.tokens.hr, { employeeId: emp('li'), type: 'correction', startAt: '2026-03-02T18:00:00+08:00' }, 201);
    });

    it('spends 调休 only when the balance covers it, and cancelling gives it back', async () => {
      const balance = async () => (await request(f.app).get('/api/v1/balances').set(...bearer(f.tokens.wang)).expect(200)).body.balances[0].spendableMinutes;
      const first = await post(f.tokens.wang, { type: 'time_off', startAt: '2026-03-16T09:00:00+08:00', endAt: '2026-03-16T12:00:00+08:00' }, 201);
      assert.equal(first.durationMinutes, 180);
      const spend = await t.db('balances').where({ source_key: `req:api:${first.id}`, entry_type: 'spend' }).first();
      assert.equal(spend.minutes, -180);
      assert.equal(spend.effective_on, '2026-03-16');
      assert.equal(await balance(), 60);
      const asOfToday = (await request(f.app).get('/api/v1/balances').set(...bearer(f.tokens.wang)).expect(200)).body.balances[0];
      assert.equal(asOfToday.availableMinutes, 240, 'the spend is dated the 16th: as of today the minutes are still there');
      const asOfLeave = (await request(f.app).get('/api/v1/balances?asOf=2026-03-16').set(...bearer(f.tokens.wang)).expect(200)).body.balances[0];
      assert.equal(asOfLeave.availableMinutes, 60);
      const short = await refused(f.tokens.wang, { type: 'time_off', startAt: '2026-03-17T09:00:00+08:00', endAt: '2026-03-17T12:00:00+08:00' }, 422, 'INSUFFICIENT_BALANCE');
      assert.deepEqual(short.error.details, { availableMinutes: 60, neededMinutes: 180 });
      const cancelled = await cancel(f.tokens.wang, first.id, 200, { reason: 'plans changed' });
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(await balance(), 240);
      await post(f.tokens.wang, { type: 'time_off', startAt: '2026-03-17T09:00:00+08:00', endAt: '2026-03-17T12:00:00+08:00' }, 201);
    });

    it('files for others only within scope; 403 alike for others and for nobody', async () => {
      const body = (employeeId: string, day: string) => ({ employeeId, type: 'outing', startAt: `2026-03-${day}T14:00:00+08:00`, endAt: `2026-03-${day}T16:00:00+08:00` });
      for (const [token, target] of [[f.tokens.wang, emp('li')], [f.tokens.wang, 'e_nobody'], [f.tokens.zhang, emp('li')], [f.tokens.zhang, 'e_nobody'], [f.tokens.salesManager, emp('wang')]] as const) {
        const res = await refused(token, body(target, '19'), 403, 'FORBIDDEN');
        assert.equal(res.error.message, 'Not allowed.');
      }
      assert.equal((await post(f.tokens.zhang, body(emp('wang'), '19'), 201)).employeeId, emp('wang'));
      assert.equal((await post(f.tokens.salesManager, body(emp('li'), '19'), 201)).employeeId, emp('li'));
      assert.equal((await post(f.tokens.admin, body(emp('boss'), '19'), 201)).employeeId, emp('boss'));
      assert.equal((await post(f.tokens.system, body(emp('boss'), '20'), 201)).employeeId, emp('boss'));
      assert.equal((await post(f.tokens.zhang, { type: 'field', startAt: '2026-03-19T09:00:00+08:00', endAt: '2026-03-19T11:00:00+08:00' }, 201)).employeeId, emp('zhang'));
      const nobody = await refused(f.tokens.hr, body('e_nobody', '19'), 400, 'VALIDATION_FAILED');
      assert.equal(nobody.error.details.issues[0].path, 'body.employeeId');
      await refused(f.tokens.hr, { type: 'outing', startAt: '2026-03-19T14:00:00+08:00', endAt: '2026-03-19T16:00:00+08:00' }, 400, 'VALIDATION_FAILED');
    });

    it('refuses an employee without a vendor identity to route the approval through', async () => {
      await applyChanges(t.db, { id: 'ghost', timezone: 'Asia/Shanghai' }, [{ kind: 'employee', externalUserId: 'ghosty', name: 'Ghost', departmentExternalId: null }], f.clock);
      await refused(f.tokens.hr, { employeeId: employeeIdFor('ghost', 'ghosty'), type: 'overtime', startAt: '2026-03-09T19:00:00+08:00', endAt: '2026-03-09T20:00:00+08:00' }, 422, 'NO_APPROVAL_FLOW');
    });

    it('rejects malformed input with 400 and every issue, storing nothing', async () => {
      const bad = async (body: unknown, path: string) => {
        const res = await refused(f.tokens.wang, body, 400, 'VALIDATION_FAILED');
        assert.ok(res.error.details.issues.some((i: { path: string }) => i.path === path), JSON.stringify(res.error));
      };
      await bad({ startAt: '2026-03-20T09:00:00+08:00', endAt: '2026-03-20T10:00:00+08:00' }, 'body.type');
      await bad({ type: 'leave', startAt: '2026-03-20T09:00:00+08:00', endAt: '2026-03-20T10:00:00+08:00' }, 'body.subtype');
      await bad(leave('2026-03-20T10:00:00+08:00', '2026-03-20T09:00:00+08:00'), 'body.endAt');
      await bad(leave('2026-03-20 09:00', '2026-03-20T10:00:00+08:00'), 'body.startAt');
      await bad(leave('2026-03-20T09:00:00', '2026-03-20T10:00:00'), 'body.startAt');
      await bad({ type: 'trip', startAt: '2026-03-20T09:00:00+08:00' }, 'body.endAt');
      await bad({ type: 'overtime', startAt: '2026-03-20T09:00:00+08:00', endAt: '2026-03-22T09:00:00+08:00' }, 'body.endAt');
      await bad({ type: 'swap', startAt: '2026-03-20T09:00:00+08:00', endAt: '2026-03-20T10:00:00+08:00' }, 'body.type');
      await bad({ ...leave('2026-03-20T09:00:00+08:00', '2026-03-20T10:00:00+08:00'), status: 'approved' }, 'body');
      await bad({ type: 'correction', startAt: '2026-03-06T09:00:00+08:00', endAt: '2026-03-06T10:00:00+08:00' }, 'body.endAt');
      await bad(undefined, 'body');
      const before = await footprint();
      const res = await request(f.app).post('/api/v1/requests').set(...bearer(f.tokens.wang)).set('content-type', 'application/json').send('{"type":').expect(400);
      assert.equal(res.body.error.code, 'BAD_REQUEST');
      const big = await request(f.app).post('/api/v1/requests').set(...bearer(f.tokens.wang)).send({ ...leave('2026-03-20T09:00:00+08:00', '2026-03-20T10:00:00+08:00'), reason: 'x'.repeat(20_000) }).expect(413);
      assert.equal(big.body.error.code, 'PAYLOAD_TOO_LARGE');
      assert.deepEqual(await footprint(), before);
    });
  });

  describe('listing', () => {
    it('lists requests in scope with filters; 403 alike outside it', async () => {
      const owners = (b: { requests: { employeeId: string }[] }) => [...new Set(b.requests.map((r) => r.employeeId))].sort();
      assert.deepEqual(owners(await list(f.tokens.wang, '')), [emp('wang')]);
      assert.deepEqual(owners(await list(f.tokens.zhang, '')), [emp('zhang'), emp('wang')].sort());
      assert.deepEqual(owners(await list(f.tokens.salesManager, '')), [emp('li')]);
      assert.deepEqual(owners(await list(f.tokens.hr, '')), [emp('boss'), emp('zhang'), emp('wang'), emp('li')].sort());
      const corrections = (await list(f.tokens.hr, `?employee=${emp('wang')}&type=correction&status=pending`)).requests;
      assert.deepEqual(corrections.map((r: { startAt: string }) => r.startAt).sort(), ['2026-02-09T09:00:00+08:00', '2026-03-03T09:00:00+08:00', '2026-03-04T18:00:00+08:00']);
      const day = (await list(f.tokens.admin, '?from=2026-03-11&to=2026-03-11')).requests;
      assert.deepEqual(day.map((r: { startAt: string; type: string }) => [r.startAt, r.type]), [['2026-03-11T19:00:00+08:00', 'overtime'], ['2026-03-11T09:00:00+08:00', 'leave']], 'newest first');
      assert.equal((await list(f.tokens.system, '?status=rejected')).requests[0].origin, 'acme');
      for (const q of [`?employee=${emp('li')}`, '?employee=e_nobody']) assert.equal((await list(f.tokens.wang, q, 403)).error.code, 'FORBIDDEN');
      assert.equal((await list(f.tokens.hr, '?status=maybe', 400)).error.code, 'VALIDATION_FAILED');
      assert.equal((await list(f.tokens.hr, '?from=2026-03-12&to=2026-03-11', 400)).error.code, 'VALIDATION_FAILED');
    });
  });

  describe('cancelling', () => {
    const file = async (token: string, day: string, extra: object = {}) => (await post(token, { type: 'outing', startAt: `2026-03-${day}T09:00:00+08:00`, endAt: `2026-03-${day}T10:00:00+08:00`, ...extra }, 201)).id as string;

    it('lets the owner cancel a pending request once, audited, with the vendor told', async () => {
      const id = await file(f.tokens.li, '23');
      for (const token of [f.tokens.wang, f.tokens.salesManager, f.tokens.zhang]) assert.equal((await cancel(token, id, 403)).error.code, 'FORBIDDEN');
      assert.deepEqual(await cancel(f.tokens.wang, '999999', 403), await cancel(f.tokens.wang, id, 403), 'no existence leak');
      const done = await cancel(f.tokens.li, id, 200, { reason: 'not needed' });
      assert.equal(done.status, 'cancelled');
      assert.equal(done.decidedAt, '2026-03-10T10:00:00+08:00');
      assert.equal((await cancel(f.tokens.li, id, 409)).error.code, 'REQUEST_NOT_CANCELLABLE');
      const audit = await t.db('audit_log').where({ entity: 'request', entity_id: id, action: 'cancel' }).first();
      assert.equal(JSON.parse(audit.before).status, 'pending');
      assert.equal(JSON.parse(audit.after).status, 'cancelled');
      assert.equal(audit.reason, 'not needed');
      assert.ok(await t.db('writeback_outbox').where({ idempotency_key: `cancel_event:api:${id}`, kind: 'cancel_event' }).first());
      assert.equal(await count(t.db, 'dirty_days'), 0, 'a pending request changed no result');
    });

    it('lets HR cancel an approved request, marking its days dirty; the owner cannot', async () => {
      const id = await file(f.tokens.wang, '24');
      await t.db('requests').where('id', id).update({ status: 'approved' });
      assert.equal((await cancel(f.tokens.wang, id, 409)).error.code, 'REQUEST_NOT_CANCELLABLE');
      assert.equal((await cancel(f.tokens.hr, id, 200)).status, 'cancelled');
      const dirty = (await t.db('dirty_days').where('employee_id', emp('wang')).orderBy('work_date')).map((d: { work_date: string }) => d.work_date);
      assert.deepEqual(dirty, ['2026-03-23', '2026-03-24']);
      await t.db('dirty_days').delete();
    });

    it('refuses vendor requests, unknown ids (404 for HR) and malformed ids', async () => {
      const vendor = await t.db('requests').where({ tenant_id: 'acme', external_id: 'sp-rejected' }).first();
      assert.equal((await cancel(f.tokens.hr, String(vendor.id), 409)).error.code, 'REQUEST_NOT_CANCELLABLE');
      assert.equal((await cancel(f.tokens.admin, '999999', 404)).error.code, 'NOT_FOUND');
      assert.equal((await cancel(f.tokens.hr, 'abc', 400)).error.code, 'VALIDATION_FAILED');
      assert.equal((await cancel(f.tokens.hr, '1', 400, { why: 'x' })).error.code, 'VALIDATION_FAILED');
    });
  });

  describe('audit log', () => {
    it('shows HR and admin every write with actor, before, after and reason', async () => {
      const res = await request(f.app).get('/api/v1/audit?entity=request&from=2026-03-10&to=2026-03-10').set(...bearer(f.tokens.hr)).expect(200);
      assertDocumented('get', '/audit', res);
      const { entries } = res.body;
      const stored = await count(t.db, 'audit_log');
      assert.equal(entries.length, Number((await t.db('audit_log').where('entity', 'request').count({ n: '*' }))[0]!.n));
      assert.ok(entries.length < stored, 'filtered by entity');
      const cancelled = entries.find((e: { action: string; reason: string | null }) => e.action === 'cancel' && e.reason === 'not needed');
      assert.equal(cancelled.before.status, 'pending');
      assert.equal(cancelled.after.status, 'cancelled');
      assert.match(cancelled.actor, /^li \(tok_/);
      assert.equal(cancelled.at, '2026-03-10T10:00:00+08:00');
      const one = await request(f.app).get(`/api/v1/audit?entity=request&entityId=${cancelled.entityId}&from=2026-03-01&to=2026-03-31`).set(...bearer(f.tokens.admin)).expect(200);
      assert.deepEqual(one.body.entries.map((e: { action: string }) => e.action), ['cancel', 'create']);
      const tokens = await request(f.app).get('/api/v1/audit?entity=api_token&from=2026-03-10&to=2026-03-10').set(...bearer(f.tokens.admin)).expect(200);
      assert.equal(tokens.body.entries.length, 7);
      assert.equal((await request(f.app).get('/api/v1/audit?from=2026-03-11&to=2026-03-31').set(...bearer(f.tokens.hr)).expect(200)).body.entries.length, 0);
      assert.equal((await request(f.app).get('/api/v1/audit?entity=request').set(...bearer(f.tokens.hr)).expect(400)).body.error.code, 'VALIDATION_FAILED');
    });
  });
});
