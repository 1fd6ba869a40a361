import assert from 'node:assert/strict';
import nock from 'nock';
import request from 'supertest';
import type { WecomTenantConfig } from '../../config/schema.js';
import { WecomConnector } from '../../adapters/wecom/connector.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { enqueue } from '../../src/writeback/outbox.js';
import { TENANT, bearer, count, emp, seed, type Fixture } from '../api/fixture.js';
import { testDeps } from '../adapters/wecom/support.js';
import { describeEachDb } from '../support/db.js';
import { approval, file, flush, recordingConnector } from './support.js';

const DECIDED = Date.parse('2026-03-10T11:00:00+08:00');
const leave = (day: string) => ({ type: 'leave', subtype: 'annual', startAt: `2026-03-${day}T09:00:00+08:00`, endAt: `2026-03-${day}T18:00:00+08:00` });
const spFor = (refs: Record<string, string>) => recordingConnector(TENANT.id, (item) => (item.kind === 'apply_event' ? { externalRef: refs[String(item.payload.requestId)] ?? 'unexpected' } : undefined));

describeEachDb('routing: vendor approvals linked to API requests', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  const row = async (id: string) => (await t.db('requests').where('id', id).first()) as { tenant_id: string; status: string; decided_at: number | string | null };
  const dirty = async (day: string) => (await t.db('dirty_days').where({ employee_id: emp('wang'), work_date: day }).first()) !== undefined;

  it('links the sp_no apply_event returns; the pulled approval updates the API request (one row), and a replay changes nothing', async () => {
    const id = await file(f, f.tokens.wang, leave('11'));
    const conn = spFor({ [id]: 'sp-1001' });
    assert.deepEqual(await flush(f, [conn]), { done: 1, retrying: 0, parked: 0 });
    assert.equal(conn.written[0]?.kind, 'apply_event');
    const link = await t.db('request_links').where({ tenant_id: TENANT.id, external_id: 'sp-1001' }).first();
    assert.equal(String(link.request_id), id);
    const rows = await count(t.db, 'requests');

    const pending = await applyChanges(t.db, TENANT, [approval('wang', 'sp-1001', '2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', 'pending')], f.clock);
    assert.deepEqual(pending, { written: {}, dirty: 0 }, 'the form as filed: our request already says pending');

    const approved = await applyChanges(t.db, TENANT, [approval('wang', 'sp-1001', '2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', 'approved')], f.clock);
    assert.equal(approved.written.request, 1);
    assert.ok(approved.dirty > 0);
    assert.equal(await count(t.db, 'requests'), rows, 'no second request');
    const after = await row(id);
    assert.equal(after.tenant_id, 'api');
    assert.equal(after.status, 'approved');
    assert.equal(Number(after.decided_at), DECIDED);
    assert.ok(await dirty('2026-03-11'), 'the leave day is recomputed');

    await t.db('dirty_days').delete();
    const replay = await applyChanges(t.db, TENANT, [approval('wang', 'sp-1001', '2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', 'approved')], f.clock);
    assert.deepEqual(replay, { written: {}, dirty: 0 });
    assert.equal(await count(t.db, 'dirty_days'), 0);
    assert.equal(await count(t.db, 'requests'), rows);

    const revoked = await applyChanges(t.db, TENANT, [approval('wang', 'sp-1001', '2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', 'revoked')], f.clock);
    assert.equal(revoked.written.request, 1);
    assert.equal((await row(id)).status, 'revoked');
    assert.ok(await dirty('2026-03-11'));
  });

  it('folds an approval called back before its link was recorded into the API request', async () => {
    const id = await file(f, f.tokens.wang, leave('12'));
    const rows = await count(t.db, 'requests');
    await applyChanges(t.db, TENANT, [approval('wang', 'sp-1002', '2026-03-12T09:00:00+08:00', '2026-03-12T18:00:00+08:00', 'approved')], f.clock);
    assert.equal(await count(t.db, 'requests'), rows + 1, 'unlinked, it is stored as a vendor request');
    await flush(f, [spFor({ [id]: 'sp-1002' })]);
    assert.equal(await count(t.db, 'requests'), rows, 'the duplicate is gone');
    assert.equal((await row(id)).status, 'approved');
    assert.ok(await dirty('2026-03-12'));
    await flush(f, [spFor({ [id]: 'sp-1002' })]);
    assert.equal(await count(t.db, 'request_links'), 2, 'one link per filed form');
  });

  it('keeps a request cancelled here cancelled, whatever the vendor form still says', async () => {
    const id = await file(f, f.tokens.wang, leave('13'));
    await flush(f, [spFor({ [id]: 'sp-1003' })]);
    await request(f.app).post(`/api/v1/requests/${id}/cancel`).set(...bearer(f.tokens.hr)).send({}).expect(200);
    const late = await applyChanges(t.db, TENANT, [approval('wang', 'sp-1003', '2026-03-13T09:00:00+08:00', '2026-03-13T18:00:00+08:00', 'approved')], f.clock);
    assert.deepEqual(late.written, {});
    assert.equal((await row(id)).status, 'cancelled');
  });

  describe('through the WeCom connector', () => {
    const BASE = 'https://qyapi.routing.test';
    const tenant: WecomTenantConfig = { id: TENANT.id, vendor: 'wecom', corpId: 'ww-acme', apiBase: BASE, secrets: { default: 'S' } };
    beforeEach(() => {
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1'); // the API under test
    });
    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    it('applyevent’s sp_no (sent as a number) becomes the link', async () => {
      const id = await file(f, f.tokens.wang, leave('16'));
      // The queue so far (the API's own items) was for the fake vendor above; this item carries WeCom's form fields.
      await t.db('writeback_outbox').where('state', 'pending').update({ state: 'done' });
      nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, { errcode: 0, errmsg: 'ok', access_token: 'T', expires_in: 7200 });
      nock(BASE).post('/cgi-bin/oa/applyevent').query({ access_token: 'T' }).reply(200, { errcode: 0, errmsg: 'ok', sp_no: 202603160001 });
      const startAt = Date.parse('2026-03-16T09:00:00+08:00');
      await enqueue(t.db, [{
        idempotencyKey: `wecom_form:${id}`, tenantId: TENANT.id, kind: 'apply_event',
        payload: { requestId: id, creatorUserid: 'wang', templateId: 'tpl', controlIds: { form: 'vacation-1' }, request: { type: 'leave', vacationId: 1, startAt, endAt: startAt + 9 * 3_600_000, unit: 'hour' } },
      }], f.clock.now());
      const conn = new WecomConnector(tenant, 'Asia/Shanghai', testDeps(f.clock), { retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, timeoutMs: 500 });
      assert.deepEqual(await flush(f, [conn]), { done: 1, retrying: 0, parked: 0 });
      const link = await t.db('request_links').where({ tenant_id: TENANT.id, request_id: id }).first();
      assert.equal(link?.external_id, '202603160001');
    });
  });
});
