import assert from 'node:assert/strict';
import { eventKeyOf } from '../../../adapters/dingtalk/map/event.js';
import { parseFormInterval } from '../../../adapters/dingtalk/map/form.js';
import { departmentFrom, employeeFrom, userSchema } from '../../../adapters/dingtalk/map/org.js';
import { eventPunchSchema, punchFromEvent, punchFromRecord, recordSchema } from '../../../adapters/dingtalk/map/punch.js';
import { instanceSchema, requestFromInstance, statusOf } from '../../../adapters/dingtalk/map/request.js';
import { dayResultsFrom, resultRowSchema } from '../../../adapters/dingtalk/map/result.js';
import { classSchema, groupSchema, ruleGroupFrom, shiftFromClass } from '../../../adapters/dingtalk/map/shift.js';
import { ledgerChange } from '../../../src/ledger/model.js';
import { shiftSchema } from '../../../src/rules/model/shift.js';
import { ruleGroupPatternSchema } from '../../../src/rules/resolve/pattern.js';
import { instanceSample, leaveInstance, listRecordSample, listSample } from './samples.js';

const ZONE = 'Asia/Shanghai';
const at = (iso: string): number => Date.parse(iso);
const valid = (change: unknown): void => assert.ok(ledgerChange.safeParse(change).success, JSON.stringify(ledgerChange.safeParse(change).error?.issues));
const inst = (value: unknown[], over: Record<string, unknown> = {}, ext: Record<string, unknown> | null = null) => instanceSchema.parse(leaveInstance(value, over, ext).process_instance);

describe('dingtalk mapping', () => {
  describe('leave forms → exact intervals (§6.3)', () => {
    it('hour units keep the minutes; the duration comes from ext_value when given', () => {
      const req = requestFromInstance('pi-1', 'leave', inst(['2026-08-13 12:08', '2026-08-14 18:08', 14.87, 'hour', '事假', '请假类型'], {}, { durationInHour: 14.87, unit: 'hour' }), ZONE);
      assert.ok(req);
      valid(req);
      assert.deepEqual([req.startAt, req.endAt, req.unit, req.subtype, req.durationMinutes], [at('2026-08-13T12:08:00+08:00'), at('2026-08-14T18:08:00+08:00'), 'hour', 'personal', 892]);
      assert.equal(req.reason, '家中有事');
    });

    it('whole days end at the midnight after the last named day', () => {
      const iv = parseFormInterval(JSON.stringify(['2026-03-02', '2026-03-03', 2, 'day', '年假', '请假类型']), null, ZONE);
      assert.deepEqual(iv && [iv.startAt, iv.endAt, iv.unit, iv.amount, iv.name], [at('2026-03-02T00:00:00+08:00'), at('2026-03-04T00:00:00+08:00'), 'day', 2, '年假']);
    });

    it('half days: 上午 is 00:00–12:00, 下午 12:00–24:00 (AM/PM accepted too)', () => {
      const morning = parseFormInterval(JSON.stringify(['2026-03-02 上午', '2026-03-02 上午', 0.5, 'halfDay', '病假', '请假类型']), null, ZONE);
      assert.deepEqual(morning && [morning.startAt, morning.endAt, morning.unit], [at('2026-03-02T00:00:00+08:00'), at('2026-03-02T12:00:00+08:00'), 'halfday']);
      const span = parseFormInterval(JSON.stringify(['2026-03-02 PM', '2026-03-03 上午', 1, 'halfDay', '年假', '请假类型']), null, ZONE);
      assert.deepEqual(span && [span.startAt, span.endAt], [at('2026-03-02T12:00:00+08:00'), at('2026-03-03T12:00:00+08:00')]);
      const afternoon = parseFormInterval(JSON.stringify(['2026-03-02 下午', '2026-03-02 下午', 0.5, 'halfDay', '调休', '请假类型']), null, ZONE);
      assert.equal(afternoon?.endAt, at('2026-03-03T00:00:00+08:00'));
    });

    it('rejects what is not an interval: bad dates, an end before the start, unknown units', () => {
      assert.equal(parseFormInterval(JSON.stringify(['2026-13-02', '2026-03-03', 1, 'day']), null, ZONE), null);
      assert.equal(parseFormInterval(JSON.stringify(['2026-03-03 10:00', '2026-03-03 09:00', 1, 'hour']), null, ZONE), null);
      assert.equal(parseFormInterval(JSON.stringify(['2026-03-03', '2026-03-03', 1, 'week']), null, ZONE), null);
      assert.equal(parseFormInterval('1', null, ZONE), null);
    });

    it('the documented example (a TextField, no interval) yields no request', () => {
      assert.equal(requestFromInstance('pi-0', 'leave', instanceSchema.parse(instanceSample.process_instance), ZONE), null);
    });
  });

  describe('approval statuses and trail', () => {
    const value = ['2026-03-02', '2026-03-02', 1, 'day', '年假', '请假类型'];
    const statusFor = (over: Record<string, unknown>): string | undefined => requestFromInstance('pi', 'leave', inst(value, over), ZONE)?.status;
    it('RUNNING → pending, COMPLETED agree/refuse → approved/rejected', () => {
      assert.equal(statusFor({ status: 'RUNNING', result: '', tasks: [{ userid: 'boss', task_status: 'RUNNING', task_result: 'NONE' }] }), 'pending');
      assert.equal(statusFor({}), 'approved');
      assert.equal(statusFor({ result: 'refuse', tasks: [{ userid: 'boss', task_status: 'COMPLETED', task_result: 'REFUSE' }] }), 'rejected');
    });
    it('TERMINATED → cancelled before approval, revoked after it', () => {
      assert.equal(statusFor({ status: 'TERMINATED', result: '', tasks: [{ userid: 'boss', task_status: 'CANCELED', task_result: 'NONE' }] }), 'cancelled');
      assert.equal(statusFor({ status: 'TERMINATED', result: '', tasks: [] }), 'cancelled');
      assert.equal(statusFor({ status: 'TERMINATED', result: 'agree' }), 'revoked');
      assert.equal(statusOf({ status: 'TERMINATED', result: null, tasks: [{ task_result: 'AGREE' }, { task_result: 'AGREE' }] }), 'revoked');
    });
    it('keeps the approver trail and the decision time; pending ones have none', () => {
      const req = requestFromInstance('pi', 'leave', inst(value), ZONE);
      assert.deepEqual(req?.approvers, [
        { externalUserId: 'user456', decision: 'approved', at: at('2020-12-21T15:30:27+08:00') },
        { externalUserId: 'user456', decision: 'approved', at: at('2020-12-21T15:30:27+08:00') },
      ]);
      assert.deepEqual([req?.submittedAt, req?.decidedAt], [at('2020-12-21T15:30:26+08:00'), at('2020-12-21T15:30:27+08:00')]);
      assert.equal(requestFromInstance('pi', 'leave', inst(value, { status: 'RUNNING', result: '' }), ZONE)?.decidedAt, null);
    });
  });

  describe('punches', () => {
    const [outside, invalid] = listRecordSample.recordresult.map((r) => recordSchema.parse(r));
    it('maps the §11.2 outside punch with coordinates, accuracy and DingTalk verdict', () => {
      assert.ok(outside);
      const p = punchFromRecord(outside);
      assert.ok(p);
      valid(p);
      assert.equal(p.sourceRecordKey, 'manager4220:1599441505000');
      assert.deepEqual([p.at, p.method, p.locationVerdict, p.lat, p.lng, p.datum, p.accuracyM, p.vendorVerdict], [1599441505000, 'gps', 'outside', 30.285413, 120.017139, 'gcj02', 65, 'Normal']);
      assert.equal((p.raw as { recordId: string }).recordId, '43047156750');
    });
    it('skips records DingTalk does not count (invalidRecordType)', () => {
      assert.ok(invalid);
      assert.equal(punchFromRecord(invalid), null);
    });
    it('machines → device without coordinates; Wi-Fi → wifi; an unmatched punch has no verdict', () => {
      const atm = punchFromRecord(recordSchema.parse({ userId: 'u1', userCheckTime: '1700000000000', sourceType: 'ATM', locationMethod: 'ATM', deviceSN: 'SN-9', userLatitude: 30, userLongitude: 120 }));
      assert.deepEqual(atm && [atm.method, atm.lat, atm.deviceSn, atm.locationVerdict], ['device', null, 'SN-9', 'uncertain']);
      const wifi = punchFromRecord(recordSchema.parse({ userId: 'u1', userCheckTime: 1700000000000, sourceType: 'USER', locationMethod: 'WIFI', userSsid: 'office', userMacAddr: 'aa:bb', locationResult: 'Normal' }));
      assert.deepEqual(wifi && [wifi.method, wifi.wifiName, wifi.wifiMac, wifi.locationVerdict, wifi.lat], ['wifi', 'office', 'aa:bb', 'inside', null]);
      assert.equal(punchFromRecord(recordSchema.parse({ userId: 'u', userCheckTime: 1, sourceType: 'BEACON' }))?.method, 'ble');
      assert.equal(punchFromRecord(recordSchema.parse({ userId: 'u', userCheckTime: 1, sourceType: 'APPROVE' }))?.method, 'correction');
    });
    it('an attendance_check_record item gives the same key as the pulled record', () => {
      const e = punchFromEvent(eventPunchSchema.parse({ userId: 'manager4220', checkTime: 1599441505000, locationMethod: 'MAP', locationResult: 'Outside', latitude: 30.285413, longitude: 120.017139, bizId: 'E171' }));
      valid(e);
      assert.deepEqual([e.sourceRecordKey, e.method, e.locationVerdict, e.lat], ['manager4220:1599441505000', 'gps', 'outside', 30.285413]);
    });
  });

  describe('groups and classes → shifts and rule groups', () => {
    const time = (type: string, clock: string, across = 0, begin?: number, end?: number) => ({ check_type: type, check_time: `1970-01-01 ${clock}:00`, across, ...(begin !== undefined ? { begin_min: begin, end_min: end } : {}) });
    const night = classSchema.parse({
      class_id: 677995004,
      class_name: '夜班 22:00-06:00',
      sections: [{ times: [time('OnDuty', '22:00', 0, 120, 240), time('OffDuty', '06:00', 1, 240, 180)] }],
      setting: { permit_late_minutes: 3, serious_late_minutes: 30, absenteeism_late_minutes: 0, rest_begin_time: { check_time: '1970-01-01 02:00:00', across: 1 }, rest_end_time: { check_time: '1970-01-01 02:30:00', across: 1 } },
    });
    it('compiles an across-midnight class: end and break on the next day, windows, thresholds', () => {
      const s = shiftFromClass(night);
      assert.ok(s);
      valid(s);
      assert.deepEqual(s.definition, {
        segments: [{ start: '22:00', end: '30:00' }],
        breaks: [{ start: '26:00', end: '26:30' }],
        windowBeforeMinutes: 120,
        windowAfterMinutes: 180,
        lateGraceMinutes: 3,
        seriousLateMinutes: 30,
        absentLateMinutes: null,
        flex: null,
      });
      assert.ok(shiftSchema.safeParse(s.definition).success);
      assert.equal(s.externalId, '677995004');
    });
    it('two sections become two segments; flexible classes get late-arrival flex; string rest times work', () => {
      const c = classSchema.parse({
        class_id: '9',
        class_name: '一天四次',
        sections: [{ times: [time('OnDuty', '09:00'), time('OffDuty', '12:00')] }, { times: [time('OnDuty', '13:00'), time('OffDuty', '18:00')] }],
        setting: { permit_late_minutes: 0, is_flexible: true, flex_minutes: [60], rest_begin_time: '1970-01-01 12:00:00', rest_end_time: '1970-01-01 13:00:00' },
      });
      const s = shiftFromClass(c);
      assert.deepEqual(s?.definition['segments'], [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }]);
      assert.deepEqual(s?.definition['flex'], { earlyArriveMinutes: 0, lateArriveMinutes: 60 });
      assert.deepEqual(s?.definition['breaks'], [{ start: '12:00', end: '13:00' }]);
      assert.equal(shiftFromClass(classSchema.parse({ class_id: 1, class_name: 'rest', sections: [{ times: [time('OnDuty', '09:00')] }] })), null);
    });
    it('FIXED groups get a weekly pattern (work_day_list runs Sunday..Saturday); TURN groups a roster', () => {
      const fixed = ruleGroupFrom(groupSchema.parse({ group_id: 685935001, group_name: '总部固定班', type: 'FIXED', work_day_list: ['0', '11', '11', '11', '11', '12', '0'] }), ['u2', 'u1']);
      valid(fixed);
      assert.deepEqual(fixed.pattern, { kind: 'fixed', week: { mon: '11', tue: '11', wed: '11', thu: '11', fri: '12', sat: null, sun: null } });
      assert.ok(ruleGroupPatternSchema.safeParse(fixed.pattern).success);
      assert.deepEqual(fixed.memberExternalUserIds, ['u2', 'u1']);
      const turn = ruleGroupFrom(groupSchema.parse({ group_id: 3, group_name: '运维轮班', type: 'TURN', work_day_list: ['0', '0', '0', '0', '0', '0', '0'] }));
      assert.deepEqual(turn.pattern, { kind: 'roster' });
    });
  });

  describe('org and results', () => {
    it('departments and people', () => {
      assert.deepEqual(departmentFrom({ dept_id: 5, name: '研发一组', parent_id: 2 }), { kind: 'department', externalId: '5', parentExternalId: '2', name: '研发一组' });
      const e = employeeFrom(userSchema.parse({ userid: 'u1', name: '张三', mobile: '13800000000', job_number: '', title: '工程师', dept_id_list: [5, 2], hired_date: 1599321600000 }), ZONE);
      valid(e);
      assert.deepEqual([e.departmentExternalId, e.jobNumber, e.position, e.hiredOn], ['5', null, '工程师', '2020-09-06']);
    });
    it('§11.1 rows → one normal day result; NotSigned everywhere → absent; late → exception', () => {
      const rows = listSample.recordresult.map((r) => resultRowSchema.parse(r));
      const [day] = dayResultsFrom(rows, ZONE);
      assert.ok(day);
      valid(day);
      assert.deepEqual([day.externalUserId, day.workDate, day.status, (day.detail as unknown[]).length], ['manager4220', '2020-09-06', 'normal', 2]);
      const absent = dayResultsFrom(rows.map((r) => ({ ...r, timeResult: 'NotSigned' })), ZONE)[0];
      assert.equal(absent?.status, 'absent');
      assert.equal(dayResultsFrom([{ ...rows[0]!, timeResult: 'Late' }, rows[1]!], ZONE)[0]?.status, 'exception');
    });
  });

  describe('event dedupe keys', () => {
    it('eventId first; legacy events by business key; long keys hashed below the column size', () => {
      assert.equal(eventKeyOf('user_add_org', { eventId: 'abc' }, 'fallback'), 'abc');
      assert.equal(eventKeyOf('attendance_check_record', { dataList: [{ userId: 'u1', checkTime: 5 }] }, 'fb'), 'attendance_check_record:u1@5');
      assert.equal(eventKeyOf('bpms_instance_change', { processInstanceId: 'pi', type: 'finish', result: 'agree', staffId: 'u1' }, 'fb'), 'bpms_instance_change:pi:finish::u1:agree');
      const many = eventKeyOf('user_add_org', { userId: Array.from({ length: 100 }, (_, i) => `user-${i}`), timeStamp: '1' }, 'fb');
      assert.ok(many.length < 191 && many.startsWith('user_add_org:'));
      assert.equal(eventKeyOf('something_new', {}, 'fallback'), 'fallback');
    });
  });
});
