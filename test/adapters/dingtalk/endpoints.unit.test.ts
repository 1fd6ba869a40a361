import assert from 'node:assert/strict';
import nock from 'nock';
import { DingtalkConnector } from '../../../adapters/dingtalk/connector.js';
import { VendorError } from '../../../src/http/vendorError.js';
import type { StreamContext, StreamDef, StreamPage } from '../../../src/vendor/contract.js';
import { OAPI, tokenScope, unitDeps, unitTenant } from './nock-support.js';
import { leaveInstance, listRecordSample, listSample } from './samples.js';

const fast = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 };
const tenant = { ...unitTenant, processCodes: { leave: ['PROC-LEAVE'], overtime: [], trip: [], outing: [], correction: [], time_off: [], field: [] } };
type Body = Record<string, unknown>;

function connector(): DingtalkConnector {
  return new DingtalkConnector(tenant, 'Asia/Shanghai', unitDeps(), { retry: fast });
}

function stream(c: DingtalkConnector, name: string): StreamDef {
  const s = c.streams().find((x) => x.name === name);
  assert.ok(s, name);
  return s;
}

/** Runs a stream over an explicit range the way the runner does; returns its pages. */
async function run(s: StreamDef, users: string[], range = { from: '2020-09-07', to: '2020-09-07' }): Promise<StreamPage<unknown>[]> {
  const ctx: StreamContext = { userIds: async () => users };
  let cursor = s.start({ saved: null, range, today: '2020-09-10', backfillDays: 31 });
  const pages: StreamPage<unknown>[] = [];
  for (let i = 0; i < 50; i++) {
    const page = await s.fetchPage(cursor, ctx);
    pages.push(page);
    if (page.done) return pages;
    cursor = page.next;
  }
  throw new Error('the stream never finished');
}

/** Records each request body of one oapi path and answers with `reply(body, n)`. */
function oapi(path: string, reply: (body: Body, n: number) => Body, times = 1): Body[] {
  const bodies: Body[] = [];
  nock(OAPI)
    .post(path)
    .query(true)
    .times(times)
    .reply(200, (_uri, body) => {
      bodies.push(body as Body);
      return reply(body as Body, bodies.length);
    });
  return bodies;
}

const ok = (extra: Body): Body => ({ errcode: 0, errmsg: 'ok', ...extra });

describe('dingtalk endpoints through streams, events and write-backs (nock)', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());
  beforeEach(() => tokenScope(1));
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    assert.deepEqual(pending, [], 'every mocked call was made');
  });

  it('punches: listRecord per 50 users × 7 days, camelCase body, invalid records dropped', async () => {
    const users = Array.from({ length: 51 }, (_, i) => `u${String(i).padStart(3, '0')}`);
    const bodies = oapi('/attendance/listRecord', (_b, n) => (n === 1 ? listRecordSample : ok({ recordresult: [] })), 4);
    const s = stream(connector(), 'punches');
    const pages = await run(s, users, { from: '2020-09-07', to: '2020-09-14' });
    assert.equal(s.minimumCalls?.({ from: '2020-09-07', to: '2020-09-14' }, 51), 4);
    assert.deepEqual(pages.map((p) => p.calls), [1, 1, 1, 1]);
    assert.deepEqual(bodies.map((b) => [(b['userIds'] as string[]).length, b['checkDateFrom'], b['checkDateTo']]), [
      [50, '2020-09-07 00:00:00', '2020-09-13 23:59:59'],
      [1, '2020-09-07 00:00:00', '2020-09-13 23:59:59'],
      [50, '2020-09-14 00:00:00', '2020-09-14 23:59:59'],
      [1, '2020-09-14 00:00:00', '2020-09-14 23:59:59'],
    ]);
    assert.deepEqual(pages[0]?.changes.map((c) => (c as { sourceRecordKey: string }).sourceRecordKey), ['manager4220:1599441505000']);
    assert.deepEqual(pages[1]?.next, { from: '2020-09-07', to: '2020-09-14', day: '2020-09-14', after: null });
  });

  it('punches: a refused call surfaces as VendorError and the page is not committed', async () => {
    oapi('/attendance/listRecord', () => ({ errcode: 40035, errmsg: '不合法的参数' }));
    const s = stream(connector(), 'punches');
    await assert.rejects(run(s, ['u1']), (e: unknown) => e instanceof VendorError && e.code === '40035' && e.action === 'fail');
  });

  it('punches: a malformed answer is a permanent failure', async () => {
    oapi('/attendance/listRecord', () => ok({ recordresult: [{ userId: 'u1', userCheckTime: 'yesterday' }] }));
    await assert.rejects(run(stream(connector(), 'punches'), ['u1']), (e: unknown) => e instanceof VendorError && e.code === 'malformed' && e.action === 'fail');
  });

  it('results: /attendance/list pages by offset + limit inside one page, one day result per user-day', async () => {
    const [a, b] = listSample.recordresult;
    const bodies = oapi('/attendance/list', (_b, n) => (n === 1 ? { ...listSample, recordresult: [a], hasMore: true } : { ...listSample, recordresult: [b] }), 2);
    const pages = await run(stream(connector(), 'results'), ['manager4220'], { from: '2020-09-06', to: '2020-09-06' });
    assert.deepEqual(bodies.map((x) => [x['offset'], x['limit'], x['workDateFrom'], x['workDateTo']]), [
      [0, 50, '2020-09-06 00:00:00', '2020-09-06 00:00:00'],
      [50, 50, '2020-09-06 00:00:00', '2020-09-06 00:00:00'],
    ]);
    assert.equal(pages[0]?.calls, 2);
    assert.deepEqual(pages[0]?.changes.map((c) => [c.kind, (c as { status: string }).status]), [['vendor_day_result', 'normal']]);
  });

  it('approvals: listids per process code (snake_case, ≤ 20) then get per instance → requests', async () => {
    const ids = oapi('/topapi/processinstance/listids', (_b, n) => (n === 1 ? ok({ result: { list: ['pi-1', 'pi-2'], next_cursor: 2 } }) : ok({ result: { list: ['pi-3'] } })), 2);
    const gets = oapi('/topapi/processinstance/get', (b) => (b['process_instance_id'] === 'pi-3' ? ok({ process_instance: { ...leaveInstance([]).process_instance, form_component_values: [] } }) : leaveInstance(['2020-09-07 09:00', '2020-09-07 12:00', 3, 'hour', '年假', '请假类型'])), 3);
    const s = stream(connector(), 'approvals');
    const pages = await run(s, []);
    assert.deepEqual(ids.map((b) => [b['process_code'], b['start_time'], b['end_time'], b['size'], b['cursor']]), [
      ['PROC-LEAVE', Date.parse('2020-09-07T00:00:00+08:00'), Date.parse('2020-09-08T00:00:00+08:00') - 1, 20, 0],
      ['PROC-LEAVE', Date.parse('2020-09-07T00:00:00+08:00'), Date.parse('2020-09-08T00:00:00+08:00') - 1, 20, 2],
    ]);
    assert.equal(gets.length, 3);
    assert.deepEqual(pages.map((p) => [p.calls, p.changes.length, p.done]), [[3, 2, false], [2, 0, true]], 'the form without an interval is skipped');
    assert.equal(s.minimumCalls?.({ from: '2020-01-01', to: '2020-12-31' }, 0), 4);
  });

  it('rules: getsimplegroups → shifts and rule groups', async () => {
    const cls = { class_id: 11, class_name: '标准班', sections: [{ times: [{ check_type: 'OnDuty', check_time: '1970-01-01 09:00:00', across: 0 }, { check_type: 'OffDuty', check_time: '1970-01-01 18:00:00', across: 0 }] }], setting: { permit_late_minutes: 5 } };
    const bodies = oapi('/topapi/attendance/getsimplegroups', () => ok({ result: { has_more: false, groups: [{ group_id: 1, group_name: 'HQ', type: 'FIXED', work_day_list: ['0', '11', '11', '11', '11', '11', '0'], selected_class: [cls] }] } }));
    const pages = await run(stream(connector(), 'rules'), []);
    assert.deepEqual(bodies, [{ offset: 0, size: 10 }]);
    assert.deepEqual(pages[0]?.changes.map((c) => c.kind), ['shift', 'rule_group']);
  });

  it('schedules: roster rows for TURN groups, membership for every group', async () => {
    oapi('/topapi/attendance/getsimplegroups', () =>
      ok({ result: { has_more: false, groups: [{ group_id: 1, group_name: 'HQ', type: 'FIXED', owner_user_id: 'admin', work_day_list: ['0', '11', '11', '11', '11', '11', '0'] }, { group_id: 2, group_name: 'Ops', type: 'TURN' }] } }),
    );
    const rows = [
      { userid: 'u1', work_date: '2020-09-07 00:00:00', is_rest: 'N', shift_id: 11, group_id: 1 },
      { userid: 'u2', work_date: '2020-09-07 00:00:00', is_rest: 'N', shift_id: 12, group_id: 2, check_type: 'OnDuty' },
      { userid: 'u2', work_date: '2020-09-07 00:00:00', is_rest: 'N', shift_id: 12, group_id: 2, check_type: 'OffDuty' },
      { userid: 'u3', work_date: '2020-09-07 00:00:00', is_rest: 'Y', shift_id: 0, group_id: 2 },
    ];
    const bodies = oapi('/topapi/attendance/schedule/listbyusers', () => ok({ result: rows }));
    const pages = await run(stream(connector(), 'schedules'), ['u1', 'u2', 'u3']);
    assert.deepEqual(bodies[0], { op_user_id: 'admin', userids: 'u1,u2,u3', from_date_time: Date.parse('2020-09-07T00:00:00+08:00'), to_date_time: Date.parse('2020-09-07T23:59:59+08:00') });
    const changes = pages[0]?.changes ?? [];
    assert.deepEqual(changes.filter((c) => c.kind === 'roster'), [
      { kind: 'roster', externalUserId: 'u2', workDate: '2020-09-07', shiftExternalId: '12' },
      { kind: 'roster', externalUserId: 'u3', workDate: '2020-09-07', shiftExternalId: null },
    ]);
    assert.deepEqual(changes.filter((c) => c.kind === 'rule_group').map((g) => (g as { memberExternalUserIds: string[] }).memberExternalUserIds), [['u1'], ['u2', 'u3']]);
    assert.equal(pages[0]?.calls, 2);
  });

  it('departments and users walk the tree with listsub and page user/list by cursor', async () => {
    const children = (id: unknown): Body[] => (id === 1 ? [{ dept_id: 2, name: '研发部', parent_id: 1 }] : []);
    oapi('/topapi/v2/department/listsub', (b) => ok({ result: children(b['dept_id']) }), 4);
    const lists = oapi('/topapi/v2/user/list', (b) => (b['dept_id'] === 2 && b['cursor'] === 0 ? ok({ result: { has_more: true, next_cursor: 100, list: [{ userid: 'u1', name: 'A', dept_id_list: [2] }] } }) : ok({ result: { has_more: false, list: [{ userid: 'u2', name: 'B', dept_id_list: [2] }] } })), 3);
    const c = connector();
    const depts = await run(stream(c, 'departments'), []);
    assert.deepEqual(depts.flatMap((p) => p.changes).map((x) => (x as { externalId: string }).externalId), ['1', '2']);
    const users = await run(stream(c, 'users'), []);
    assert.deepEqual(lists.map((b) => [b['dept_id'], b['cursor'], b['size']]), [[1, 0, 100], [2, 0, 100], [2, 100, 100]]);
    assert.deepEqual(users.flatMap((p) => p.changes).map((x) => (x as { externalUserId: string }).externalUserId), ['u2', 'u1', 'u2']);
  });

  it('resolveEvent: punches straight from the event, approvals and people fetched, unknown events ignored', async () => {
    const c = connector();
    const punch = await c.resolveEvent({ eventKey: 'e1', eventType: 'attendance_check_record', payload: { EventType: 'attendance_check_record', DataList: [{ userId: 'u1', checkTime: 1599441505000, locationMethod: 'WIFI', locationResult: 'Normal' }] } });
    assert.deepEqual(punch.map((p) => [(p as { method: string }).method, (p as { sourceRecordKey: string }).sourceRecordKey]), [['wifi', 'u1:1599441505000']]);
    oapi('/topapi/processinstance/get', () => leaveInstance(['2020-09-07', '2020-09-07', 1, 'day', '年假', '请假类型']));
    const req = await c.resolveEvent({ eventKey: 'e2', eventType: 'bpms_instance_change', payload: { processInstanceId: 'pi-9', processCode: 'PROC-LEAVE', type: 'finish', result: 'agree' } });
    assert.deepEqual(req.map((r) => [r.kind, (r as { status: string }).status, (r as { externalId: string }).externalId]), [['request', 'approved', 'pi-9']]);
    assert.deepEqual(await c.resolveEvent({ eventKey: 'e3', eventType: 'bpms_task_change', payload: { processInstanceId: 'pi-x', processCode: 'PROC-EXPENSE' } }), [], 'not an attendance process');
    oapi('/topapi/v2/user/get', (b) => (b['userid'] === 'gone' ? { errcode: 60121, errmsg: '找不到该用户' } : ok({ result: { userid: 'u7', name: '新人', dept_id_list: [1] } })), 2);
    const people = await c.resolveEvent({ eventKey: 'e4', eventType: 'user_add_org', payload: { userId: ['u7', 'gone'] } });
    assert.deepEqual(people.map((p) => (p as { externalUserId: string }).externalUserId), ['u7']);
    oapi('/attendance/listRecord', () => listRecordSample);
    const refreshed = await c.resolveEvent({ eventKey: 'e5', eventType: 'attend_user_daily_summary_refresh', payload: { userId: 'manager4220', workDate: '2020-09-07' } });
    assert.equal(refreshed.length, 1);
    assert.deepEqual(await c.resolveEvent({ eventKey: 'e6', eventType: 'org_remove', payload: {} }), []);
    assert.deepEqual(await c.resolveEvent({ eventKey: 'e7', eventType: 'user_leave_org', payload: { userId: ['u1'] } }), []);
  });

  it('exchangeLoginCode: free-login getuserinfo → userid; an unknown code fails', async () => {
    oapi('/topapi/v2/user/getuserinfo', (b) => (b['code'] === 'good' ? ok({ result: { userid: 'u42', name: 'X' } }) : { errcode: 40078, errmsg: '不存在的临时授权码' }), 2);
    const c = connector();
    assert.equal(await c.exchangeLoginCode('good'), 'u42');
    await assert.rejects(c.exchangeLoginCode('bad'), (e: unknown) => e instanceof VendorError && e.code === '40078');
  });

  describe('writeBack', () => {
    const zone = (iso: string): number => Date.parse(iso);
    it('approval_finish: day, half-day and overtime bodies as §5.8a documents', async () => {
      const bodies = oapi('/topapi/attendance/approve/finish', () => ok({ result: { duration: '1' } }), 3);
      const c = connector();
      const base = { userId: 'u1', jumpUrl: 'https://bridge.example/r/1' };
      await c.writeBack({ kind: 'approval_finish', idempotencyKey: 'k-1', payload: { ...base, type: 'leave', subtype: 'annual', unit: 'day', startAt: zone('2026-03-02T00:00:00+08:00'), endAt: zone('2026-03-04T00:00:00+08:00') } });
      await c.writeBack({ kind: 'approval_finish', idempotencyKey: 'k-2', payload: { ...base, type: 'time_off', unit: 'halfday', startAt: zone('2026-03-02T12:00:00+08:00'), endAt: zone('2026-03-03T00:00:00+08:00'), approveId: 'req-2' } });
      await c.writeBack({ kind: 'approval_finish', idempotencyKey: 'k-3', payload: { ...base, type: 'overtime', unit: 'hour', startAt: zone('2026-03-02T19:00:00+08:00'), endAt: zone('2026-03-02T21:30:00+08:00'), overtimeToMore: 2 } });
      assert.deepEqual(bodies[0], { userid: 'u1', biz_type: 3, from_time: '2026-03-02', to_time: '2026-03-03', duration_unit: 'day', calculate_model: 1, tag_name: '请假', sub_type: '年假', approve_id: 'k-1', jump_url: base.jumpUrl });
      assert.deepEqual([bodies[1]?.['from_time'], bodies[1]?.['to_time'], bodies[1]?.['duration_unit'], bodies[1]?.['sub_type'], bodies[1]?.['approve_id']], ['2026-03-02 PM', '2026-03-02 PM', 'halfDay', '调休', 'req-2']);
      assert.deepEqual([bodies[2]?.['biz_type'], bodies[2]?.['from_time'], bodies[2]?.['to_time'], bodies[2]?.['overtime_duration'], bodies[2]?.['overtime_to_more'], bodies[2]?.['sub_type']], [1, '2026-03-02 19:00', '2026-03-02 21:30', '2.50', 2, undefined]);
    });

    it('approval_cancel, punch_upload, schedule and quota (≤ 100 per call)', async () => {
      const cancel = oapi('/topapi/attendance/approve/cancel', () => ok({ result: true }));
      const upload = oapi('/topapi/attendance/record/upload', () => ok({ success: true }));
      const schedule = oapi('/topapi/attendance/group/schedule/async', () => ok({ result: true }));
      const quota = oapi('/topapi/attendance/vacation/quota/update', () => ok({ result: [] }), 2);
      const c = connector();
      await c.writeBack({ kind: 'approval_cancel', idempotencyKey: 'c1', payload: { userId: 'u1', approveId: 'k-1' } });
      await c.writeBack({ kind: 'punch_upload', idempotencyKey: 'p1', payload: { userId: 'u1', at: 1772413200000, deviceName: 'Gate 1', deviceId: 'SN-1' } });
      await c.writeBack({ kind: 'schedule', idempotencyKey: 's1', payload: { opUserId: 'admin', groupId: '685935003', days: [{ userId: 'u1', workDate: '2026-03-02', shiftId: '677995003' }, { userId: 'u1', workDate: '2026-03-03', shiftId: null }] } });
      const quotas = Array.from({ length: 150 }, (_, i) => ({ userId: `u${i}`, leaveCode: 'annual_code', startAt: zone('2026-01-01T00:00:00+08:00'), endAt: zone('2026-12-31T23:59:59+08:00'), days: 5, reason: '年度发放' }));
      await c.writeBack({ kind: 'quota', idempotencyKey: 'q1', payload: { opUserId: 'admin', quotas } });
      assert.deepEqual(cancel, [{ userid: 'u1', approve_id: 'k-1' }]);
      assert.deepEqual(upload, [{ userid: 'u1', device_name: 'Gate 1', device_id: 'SN-1', user_check_time: 1772413200000 }]);
      assert.deepEqual(schedule[0], {
        op_user_id: 'admin',
        group_id: 685935003,
        schedules: [
          { userid: 'u1', work_date: zone('2026-03-02T00:00:00+08:00'), is_rest: false, shift_id: 677995003 },
          { userid: 'u1', work_date: zone('2026-03-03T00:00:00+08:00'), is_rest: true },
        ],
      });
      assert.deepEqual(quota.map((b) => (b['leave_quotas'] as unknown[]).length), [100, 50]);
      assert.deepEqual((quota[0]?.['leave_quotas'] as Body[])[0], { userid: 'u0', leave_code: 'annual_code', start_time: quotas[0]?.startAt, end_time: quotas[0]?.endAt, reason: '年度发放', quota_num_per_day: 500, quota_cycle: '2026' });
    });

    it('bad payloads and unknown kinds fail permanently without a call; vendor refusals surface', async () => {
      const c = connector();
      const fails = (p: Promise<unknown>, code: string): Promise<void> => assert.rejects(p, (e: unknown) => e instanceof VendorError && e.code === code && e.action === 'fail');
      await fails(c.writeBack({ kind: 'approval_finish', idempotencyKey: 'x', payload: { userId: 'u1', type: 'leave', unit: 'day', startAt: 1, endAt: 2, jumpUrl: 'j' } }), 'bad_payload');
      await fails(c.writeBack({ kind: 'approval_finish', idempotencyKey: 'x', payload: { userId: 'u1', type: 'overtime', unit: 'day', startAt: 1, endAt: 2, jumpUrl: 'j' } }), 'bad_payload');
      await fails(c.writeBack({ kind: 'punch_upload', idempotencyKey: 'x', payload: { userId: 'u1' } }), 'bad_payload');
      await fails(c.writeBack({ kind: 'work_notice', idempotencyKey: 'x', payload: {} }), 'unsupported');
      oapi('/topapi/attendance/approve/finish', () => ({ errcode: 850012, errmsg: '开始时间和结束时间间隔不能超过31天' }));
      await fails(c.writeBack({ kind: 'approval_finish', idempotencyKey: 'x', payload: { userId: 'u1', type: 'trip', unit: 'day', startAt: 0, endAt: 40 * 86_400_000, jumpUrl: 'j' } }), '850012');
    });
  });
});
