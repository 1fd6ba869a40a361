import assert from 'node:assert/strict';
import request from 'supertest';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { oapi, truth, v1Token } from './helpers.js';

describe('dingtalk sandbox: write-backs, groups and schedules', () => {
  let sb: DingtalkSandbox;
  let token: string;
  before(async () => {
    sb = await startDingtalkSandbox({ employees: 40, days: 10, seed: 8 });
    token = await v1Token(sb);
  });
  after(() => sb.close());

  const leave = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    userid: 'u00001',
    biz_type: 3,
    from_time: sb.company.to,
    to_time: sb.company.to,
    duration_unit: 'day',
    calculate_model: 0,
    tag_name: '请假',
    sub_type: '年假',
    approve_id: 'ab-1',
    jump_url: 'https://bridge.example/requests/1',
    ...over,
  });

  it('approve/finish validates and records; a repeated approve_id replaces the earlier write', async () => {
    const ok = await oapi(sb, token, '/topapi/attendance/approve/finish', leave());
    assert.equal(ok.errcode, 0);
    assert.deepEqual(ok['result'], { duration: '1', durationDetail: [{ date: sb.company.to, duration: '1' }] });
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/finish', leave({ duration_unit: 'hour' }))).errcode, 40035);
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/finish', leave({ sub_type: undefined }))).errcode, 40035);
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/finish', leave({ biz_type: 1 }))).errcode, 40035);
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/finish', leave({ userid: 'ghost' }))).errcode, 60121);
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/finish', leave({ tag_name: '调休' }))).errcode, 0);
    const writes = (await truth(sb))['writes'] as Record<string, { body: Record<string, unknown> }[]>;
    assert.equal(writes['approveFinish']?.length, 1);
    assert.equal(writes['approveFinish']?.[0]?.body['tag_name'], '调休');
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/cancel', { userid: 'u00001', approve_id: 'ab-1' })).errcode, 0);
  });

  it('v1.0 approvals/finish answers durations or the documented 400 codes', async () => {
    const call = (body: object): request.Test =>
      request(sb.url).post('/v1.0/attendance/approvals/finish').query({ userId: 'u00002' }).set('x-acs-dingtalk-access-token', token).send(body);
    const base = { tagName: '加班', approveId: 'ot-1', jumpUrl: 'https://x', overtimeDuration: '2', overTimeToMore: 1 };
    const to = sb.company.to;
    const ok = await call({ ...base, topCalculateApproveDurationParam: { bizType: 1, fromTime: `${to} 19:00`, toTime: `${to} 21:00`, durationUnit: 'hour', calculateModel: 0 } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { result: { duration: 2, durationDetail: [{ date: to, duration: 2 }] }, success: true });
    const unit = await call({ ...base, topCalculateApproveDurationParam: { bizType: 1, fromTime: to, toTime: to, durationUnit: 'week', calculateModel: 0 } });
    assert.deepEqual([unit.status, unit.body.code], [400, 'illegalDurationUnit']);
    const order = await call({ ...base, topCalculateApproveDurationParam: { bizType: 1, fromTime: `${to} 21:00`, toTime: `${to} 19:00`, durationUnit: 'hour', calculateModel: 0 } });
    assert.equal(order.body.code, 'beginDateCannotAfterEndDate');
  });

  it('approve/check needs a real checkpoint from schedule/listbyusers', async () => {
    const user = 'u00003';
    const from = Date.parse(`${sb.company.to}T00:00:00+08:00`) - 6 * 86_400_000;
    const sched = await oapi(sb, token, '/topapi/attendance/schedule/listbyusers', { op_user_id: 'u00001', userids: user, from_date_time: from, to_date_time: from + 6 * 86_400_000 });
    assert.equal(sched.errcode, 0);
    const plan = (sched['result'] as { is_rest: string; shift_id: number; work_date: string; plan_check_time: string }[]).find((r) => r.is_rest === 'N');
    assert.ok(plan, 'a working day in the week');
    const body = {
      userid: user,
      work_date: plan.work_date.slice(0, 10),
      punch_id: plan.shift_id,
      punch_check_time: plan.plan_check_time.slice(0, 16),
      user_check_time: plan.plan_check_time.slice(0, 16),
      approve_id: 'fix-1',
      jump_url: 'https://x',
      tag_name: '补卡',
    };
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/check', body)).errcode, 0);
    assert.equal((await oapi(sb, token, '/topapi/attendance/approve/check', { ...body, punch_id: 1 })).errcode, 40035);
    const over = await oapi(sb, token, '/topapi/attendance/schedule/listbyusers', { op_user_id: 'u00001', userids: user, from_date_time: from, to_date_time: from + 7 * 86_400_000 });
    assert.equal(over.errcode, 40035);
  });

  it('record/upload accepts recent punches only', async () => {
    const now = Date.now();
    const body = { userid: 'u00004', device_name: 'gate', device_id: 'D1', user_check_time: now - 60_000 };
    const ok = await oapi(sb, token, '/topapi/attendance/record/upload', body);
    assert.deepEqual([ok.errcode, ok['success']], [0, true]);
    assert.equal((await oapi(sb, token, '/topapi/attendance/record/upload', { ...body, user_check_time: now - 181 * 86_400_000 })).errcode, 40035);
  });

  it('groups and shifts render the company shifts (night shift crosses midnight)', async () => {
    const groups = await oapi(sb, token, '/topapi/attendance/getsimplegroups', { offset: 0, size: 10 });
    const list = (groups['result'] as { groups: { type: string; member_count: number; work_day_list: string[] }[] }).groups;
    assert.equal(list.length, sb.company.groups.length);
    assert.equal(list.reduce((n, g) => n + g.member_count, 0), sb.company.employees.length);
    assert.equal(list[0]?.work_day_list[0], '0', 'Sunday is a rest day in the office group');
    assert.notEqual((await oapi(sb, token, '/topapi/attendance/getsimplegroups', { offset: 0, size: 11 })).errcode, 0);
    const shifts = await oapi(sb, token, '/topapi/attendance/shift/list', { op_user_id: 'u00001', cursor: 0 });
    const night = (shifts['result'] as { result: { id: number; name: string }[] }).result.find((x) => x.name.startsWith('夜班'));
    assert.ok(night);
    const detail = await oapi(sb, token, '/topapi/attendance/shift/query', { op_user_id: 'u00001', shift_id: night.id });
    const punches = (detail['result'] as { sections: { punches: { check_type: string; across: number; check_time: string }[] }[] }).sections[0]?.punches;
    assert.deepEqual(punches?.map((p) => [p.check_type, p.check_time.slice(11), p.across]), [['OnDuty', '22:00:00', 0], ['OffDuty', '06:00:00', 1]]);
  });
});
