import assert from 'node:assert/strict';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../src/clock.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { runReminders } from '../../src/reminders/index.js';
import { describeEachDb } from '../support/db.js';

const zone = 'Asia/Shanghai';
const tenant = { id: 'acme', timezone: zone };
const HOUR = 3_600_000;
const now = Date.parse('2026-06-01T01:00:00Z'); // 09:00 in Shanghai
const policy = loadConfig({}).policy;
const settings = loadConfig({}).reminders;
const id = (u: string) => employeeIdFor('acme', u);

const request = (u: string, externalId: string, type: 'leave' | 'correction', start: number, submittedAt: number, approvers: { externalUserId: string; decision: string; at: null }[] = []) => ({
  kind: 'request' as const, externalUserId: u, externalId, type, startAt: start, endAt: start + HOUR, status: 'pending' as const, approvers, submittedAt,
});

describeEachDb('reminders', (t) => {
  const clock = new ManualClock(now);
  const outbox = async () => (await t.db('writeback_outbox').select('idempotency_key', 'tenant_id', 'kind', 'payload').orderBy('id')) as { idempotency_key: string; tenant_id: string; kind: string; payload: string }[];
  const opts = (at: number) => ({ now: at, timezone: zone, policy, settings });

  before(async () => {
    await t.db('tenants').insert({ id: 'acme', vendor: 'wecom', corp_id: 'ww1', name: 'Acme', timezone: zone, created_at: now });
    await applyChanges(t.db, tenant, [
      ...['ann', 'bo', 'boss', 'hr1'].map((u) => ({ kind: 'employee' as const, externalUserId: u, name: u.toUpperCase(), departmentExternalId: null })),
      // Ann waits three days for her approver; Bo files corrections, the sixth arrived this morning.
      request('ann', 'lv1', 'leave', now + 24 * HOUR, now - 72 * HOUR, [{ externalUserId: 'boss', decision: 'pending', at: null }]),
      request('ann', 'lv2', 'leave', now + 48 * HOUR, now - 1 * HOUR, [{ externalUserId: 'boss', decision: 'pending', at: null }]),
      request('bo', 'may', 'correction', now - 2 * 24 * HOUR, now - 2 * HOUR),
      ...[1, 2, 3, 4, 5, 6].map((d) => request('bo', `c${d}`, 'correction', now - d * 10 * 60_000, now - 2 * HOUR)),
    ], clock);
    // Bo's old corrections arrived earlier; only the newest is from the last day.
    await t.db('requests').where('employee_id', id('bo')).whereNot('external_id', 'c6').update({ received_at: now - 5 * 24 * HOUR });
    // An API request has no approver on record: HR is reminded.
    await t.db('requests').insert({ tenant_id: 'api', external_id: 'x1', employee_id: id('bo'), type: 'leave', start_at: now, end_at: now + HOUR, status: 'pending', approvers: '[]', submitted_at: now - 50 * HOUR, received_at: now - 50 * HOUR });
    await t.db('api_tokens').insert({ id: 't1', token_hash: 'h1', name: 'HR', role: 'hr', employee_id: id('hr1'), created_at: now });
    // Ann earned 2 h that lapse on 4 June and spent half an hour of them; 1 h more lapses in July.
    const lot = (key: string, minutes: number, expires: string) => ({ employee_id: id('ann'), kind: 'time_off', entry_type: 'earn', minutes, effective_on: '2026-05-01', expires_on: expires, source_key: key, created_at: now });
    await t.db('balances').insert([
      lot('ot:ann:1', 120, '2026-06-04'),
      lot('ot:ann:2', 60, '2026-07-01'),
      { employee_id: id('ann'), kind: 'time_off', entry_type: 'spend', minutes: -30, effective_on: '2026-05-10', expires_on: null, source_key: 'req:s1', allocations: JSON.stringify([{ earnEntryId: 'ot:ann:1', minutes: 30 }]), created_at: now },
    ]);
    // Someone with expiring time off but no vendor identity to message.
    await t.db('balances').insert({ employee_id: 'e_device_only', kind: 'time_off', entry_type: 'earn', minutes: 60, effective_on: '2026-05-01', expires_on: '2026-06-02', source_key: 'ot:dev:1', created_at: now });
  });

  it('queues each due reminder as a vendor message to the right person', async () => {
    const r = await runReminders(t.db, opts(now));
    assert.deepEqual(r, { due: { time_off_expiry: 1, approval_pending: 2, frequent_corrections: 1 }, enqueued: 4, unreachable: 1 });
    const items = (await outbox()).map((o) => ({ ...o, payload: JSON.parse(o.payload) as { userid: string; text: string } }));
    assert.ok(items.every((i) => i.kind === 'message' && i.tenant_id === 'acme'));
    const to = (kind: string) => items.filter((i) => i.idempotency_key.startsWith(`reminder:${kind}:`));
    assert.deepEqual(to('time_off_expiry').map((i) => i.payload.userid), ['ann']);
    assert.match(to('time_off_expiry')[0]?.payload.text ?? '', /1\.5 小时将于 2026-06-04 到期/);
    assert.doesNotMatch(to('time_off_expiry')[0]?.payload.text ?? '', /2026-07-01/);
    const approvals = Object.fromEntries(to('approval_pending').map((i) => [i.payload.userid, i.payload.text]));
    assert.deepEqual(Object.keys(approvals).sort(), ['boss', 'hr1']);
    assert.match(approvals.boss ?? '', /^待审批提醒：1 个/, 'the request filed an hour ago is not overdue');
    assert.deepEqual(to('frequent_corrections').map((i) => i.payload.userid), ['hr1']);
    assert.match(to('frequent_corrections')[0]?.payload.text ?? '', /BO 6 次/);
    assert.ok(items.every((i) => i.idempotency_key.endsWith(':2026-06-01')));
  });

  it('queues nothing new when run again the same day', async () => {
    const before = await outbox();
    const r = await runReminders(t.db, opts(now + 5 * HOUR));
    assert.equal(r.enqueued, 0);
    assert.deepEqual(await outbox(), before);
  });

  it('reminds again the next day, except of corrections nobody filed since', async () => {
    const r = await runReminders(t.db, opts(now + 24 * HOUR));
    assert.deepEqual(r.due, { time_off_expiry: 1, approval_pending: 2 });
    assert.equal(r.enqueued, 3);
    assert.equal((await outbox()).filter((o) => o.idempotency_key.endsWith(':2026-06-02')).length, 3);
  });
});
