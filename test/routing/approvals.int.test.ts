import assert from 'node:assert/strict';
import { writeBackCalls } from '../../adapters/dingtalk/writeback.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { linkIdentities } from '../../src/ledger/linking.js';
import { approveIdOf, routeApprovals } from '../../src/routing/approvals.js';
import type { WriteBackItem } from '../../src/vendor/contract.js';
import { NOW, TENANT, count, emp, seed, type Fixture } from '../api/fixture.js';
import { describeEachDb } from '../support/db.js';
import { approval, file, flush, recordingConnector } from './support.js';

const DT = { id: 'dt', timezone: 'Asia/Shanghai' };
const jumpUrl = (id: string) => `https://bridge.example/workbench/requests/${id}`;

describeEachDb('routing: approvals registered in the other vendor', (t) => {
  let f: Fixture;
  const route = () => routeApprovals(t.db, { clock: f.clock, jumpUrl });
  const items = async (kind: string): Promise<(WriteBackItem & { tenantId: string })[]> =>
    ((await t.db('writeback_outbox').where('kind', kind).orderBy('id')) as { idempotency_key: string; tenant_id: string; kind: string; payload: string }[]).map((r) => ({
      kind: r.kind, idempotencyKey: r.idempotency_key, tenantId: r.tenant_id, payload: JSON.parse(r.payload) as Record<string, unknown>,
    }));
  const requestId = async (tenantId: string, externalId: string) => String(((await t.db('requests').where({ tenant_id: tenantId, external_id: externalId }).first()) as { id: number }).id);

  before(async () => {
    f = await seed(t.db);
    // Wang also works in a DingTalk org; the job number links the two identities to one employee.
    await t.db('tenants').insert({ id: DT.id, vendor: 'dingtalk', corp_id: 'ding-acme', name: 'Acme DingTalk', timezone: DT.timezone, created_at: NOW });
    await applyChanges(t.db, DT, [
      { kind: 'employee', externalUserId: 'dt-wang', name: 'Wang Wu', departmentExternalId: null, jobNumber: 'A003' },
      { kind: 'employee', externalUserId: 'dt-zhao', name: 'Zhao Liu', departmentExternalId: null, jobNumber: 'D001' },
    ], f.clock);
    const linked = await linkIdentities(t.db, ['job_number']);
    assert.deepEqual(linked.linked.map((l) => [l.tenantId, l.externalUserId, l.employeeId]), [[DT.id, 'dt-wang', emp('wang')]]);
  });

  it('a WeCom-approved leave of a linked employee enqueues one DingTalk approval_finish, which DingTalk’s write-back accepts', async () => {
    await applyChanges(t.db, TENANT, [
      approval('wang', 'sp-2001', '2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', 'approved'),
      approval('li', 'sp-2002', '2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', 'approved'),
    ], f.clock);
    assert.deepEqual(await route(), { finishes: 1, cancels: 0, tooOld: 0 }, 'li has no DingTalk identity');
    const id = await requestId(TENANT.id, 'sp-2001');
    const [finish, ...more] = await items('approval_finish');
    assert.equal(more.length, 0);
    assert.equal(finish?.tenantId, DT.id);
    assert.deepEqual(finish?.payload, {
      userId: 'dt-wang', type: 'leave', subtype: 'annual', startAt: Date.parse('2026-03-11T09:00:00+08:00'), endAt: Date.parse('2026-03-11T18:00:00+08:00'), unit: 'hour',
      jumpUrl: jumpUrl(id), approveId: approveIdOf(id),
    });
    const [call] = writeBackCalls(finish as WriteBackItem, DT.timezone);
    assert.equal(call?.api, 'approveFinish');
    assert.deepEqual(call?.body, {
      userid: 'dt-wang', biz_type: 3, from_time: '2026-03-11 09:00', to_time: '2026-03-11 18:00', duration_unit: 'hour', calculate_model: 1, tag_name: '请假', sub_type: '年假',
      approve_id: approveIdOf(id), jump_url: jumpUrl(id),
    });
    assert.deepEqual(await route(), { finishes: 0, cancels: 0, tooOld: 0 }, 'a rerun enqueues nothing');
  });

  it('revoked → approval_cancel once, once DingTalk holds the approval', async () => {
    await applyChanges(t.db, TENANT, [approval('wang', 'sp-2001', '2026-03-11T09:00:00+08:00', '2026-03-11T18:00:00+08:00', 'revoked')], f.clock);
    assert.deepEqual(await route(), { finishes: 0, cancels: 0, tooOld: 0 }, 'the finish is still queued: a cancel could overtake it');
    const dt = recordingConnector(DT.id);
    assert.deepEqual(await flush(f, [dt]), { done: 1, retrying: 0, parked: 0 });
    assert.deepEqual(await route(), { finishes: 0, cancels: 1, tooOld: 0 });
    assert.deepEqual(await route(), { finishes: 0, cancels: 0, tooOld: 0 });
    const id = await requestId(TENANT.id, 'sp-2001');
    const cancels = await items('approval_cancel');
    assert.deepEqual(cancels.map((c) => [c.tenantId, c.payload]), [[DT.id, { userId: 'dt-wang', approveId: approveIdOf(id) }]]);
    assert.deepEqual(writeBackCalls(cancels[0] as WriteBackItem, DT.timezone), [{ api: 'approveCancel', body: { userid: 'dt-wang', approve_id: approveIdOf(id) } }]);
  });

  it('routes nothing for pending, cancelled-before-approval, too old, or DingTalk’s own approvals', async () => {
    // An API request decided in DingTalk's own flow (as if its form had been filed there) stays there.
    const fromApi = await file(f, f.tokens.wang, { type: 'leave', subtype: 'annual', startAt: '2026-03-18T09:00:00+08:00', endAt: '2026-03-18T18:00:00+08:00' });
    await t.db('request_links').insert({ tenant_id: DT.id, external_id: 'proc-9', request_id: fromApi, created_at: NOW });
    const before = await count(t.db, 'writeback_outbox');
    await applyChanges(t.db, TENANT, [
      approval('wang', 'sp-2003', '2026-03-12T09:00:00+08:00', '2026-03-12T18:00:00+08:00', 'pending'),
      approval('wang', 'sp-2004', '2026-03-13T09:00:00+08:00', '2026-03-13T18:00:00+08:00', 'pending'),
      approval('wang', 'sp-2005', '2026-02-02T09:00:00+08:00', '2026-02-02T18:00:00+08:00', 'approved'),
    ], f.clock);
    await applyChanges(t.db, DT, [
      approval('dt-wang', 'proc-1', '2026-03-17T09:00:00+08:00', '2026-03-17T18:00:00+08:00', 'approved'),
      approval('dt-wang', 'proc-9', '2026-03-18T09:00:00+08:00', '2026-03-18T18:00:00+08:00', 'approved'),
    ], f.clock);
    assert.equal(((await t.db('requests').where('id', fromApi).first()) as { status: string }).status, 'approved');
    assert.deepEqual(await route(), { finishes: 0, cancels: 0, tooOld: 1 }, 'DingTalk refuses approvals that started over 31 days ago');
    await applyChanges(t.db, TENANT, [approval('wang', 'sp-2004', '2026-03-13T09:00:00+08:00', '2026-03-13T18:00:00+08:00', 'cancelled')], f.clock);
    assert.deepEqual(await route(), { finishes: 0, cancels: 0, tooOld: 1 });
    assert.equal(await count(t.db, 'writeback_outbox'), before);
  });

  it('an API request approved in WeCom is registered in DingTalk too', async () => {
    const id = await file(f, f.tokens.wang, { type: 'trip', startAt: '2026-03-16T09:00:00+08:00', endAt: '2026-03-16T18:00:00+08:00' });
    await flush(f, [recordingConnector(TENANT.id, (item) => (item.kind === 'apply_event' ? { externalRef: item.payload.requestId === id ? 'sp-2010' : `sp-${String(item.payload.requestId)}` } : undefined))]);
    await applyChanges(t.db, TENANT, [approval('wang', 'sp-2010', '2026-03-16T09:00:00+08:00', '2026-03-16T18:00:00+08:00', 'approved', { type: 'trip', subtype: null })], f.clock);
    assert.deepEqual(await route(), { finishes: 1, cancels: 0, tooOld: 1 });
    const finish = (await items('approval_finish')).find((i) => i.payload.approveId === approveIdOf(id));
    assert.equal(finish?.tenantId, DT.id);
    assert.equal(finish?.payload.type, 'trip');
    assert.equal(writeBackCalls(finish as WriteBackItem, DT.timezone)[0]?.body.biz_type, 2);
  });
});
