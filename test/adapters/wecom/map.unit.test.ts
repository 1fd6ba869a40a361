import assert from 'node:assert/strict';
import { ledgerChange } from '../../../src/ledger/model.js';
import { parseShift } from '../../../src/rules/model/shift.js';
import { ruleGroupPatternSchema } from '../../../src/rules/resolve/pattern.js';
import { approvalDetailSchema, checkinDataSchema, checkinGroupSchema, dayDataSchema, scheduleListSchema, userSchema, type ApprovalDetail, type CheckinRecord } from '../../../adapters/wecom/client-schemas.js';
import { mapApproval } from '../../../adapters/wecom/map/approvals.js';
import { mapDepartment, mapUser } from '../../../adapters/wecom/map/contacts.js';
import { mapPunch, mapPunches, punchKey } from '../../../adapters/wecom/map/punches.js';
import { mapDayResult } from '../../../adapters/wecom/map/results.js';
import { compileRules, shiftFromSchedule } from '../../../adapters/wecom/map/rules.js';
import { mapSchedules } from '../../../adapters/wecom/map/schedules.js';
import { approvalDetailAllControls, approvalDetailResponse, vacationValue } from './fixtures-approvals.js';
import { checkinDataResponse, dayDataResponse, scheduleListResponse } from './fixtures-checkin.js';

const ZONE = 'Asia/Shanghai';
const records = checkinDataSchema.parse(checkinDataResponse).checkindata;
const rec = (over: Partial<CheckinRecord>): CheckinRecord => ({ ...(records[0] as CheckinRecord), wifimac: '', wifiname: '', ...over });
const valid = (c: unknown) => assert.ok(ledgerChange.safeParse(c).success, JSON.stringify(ledgerChange.safeParse(c).error?.issues));

function detail(contents: unknown[], over: Record<string, unknown> = {}): ApprovalDetail {
  const base = approvalDetailSchema.parse(approvalDetailResponse).info;
  return approvalDetailSchema.parse({ info: { ...base, apply_data: { contents }, ...over } }).info;
}

describe('wecom mapping', () => {
  describe('punches', () => {
    it('maps the §11.1 sample: 地点异常 → outside, Wi-Fi method, GCJ-02 degrees, a stable key', () => {
      const [james, paul] = mapPunches(records);
      assert.equal(james?.locationVerdict, 'outside');
      assert.equal(james?.method, 'wifi');
      assert.equal(james?.at, 1492617610_000);
      assert.equal(james?.sourceRecordKey, 'james|1492617610|上班打卡');
      assert.equal(paul?.locationVerdict, 'inside', '时间异常 is not a location verdict');
      assert.equal(paul?.lat, 30.547645);
      assert.equal(paul?.datum, 'gcj02');
      assert.equal(paul?.vendorVerdict, '时间异常');
      for (const p of [james, paul]) valid(p);
      assert.equal(punchKey(records[0] as CheckinRecord), james?.sourceRecordKey, 'same key from a re-pull or a callback fetch');
    });

    it('skips synthetic 未打卡 rows, alone or combined', () => {
      assert.equal(mapPunch(rec({ exception_type: '未打卡', lat: 0, lng: 0 })), null);
      assert.equal(mapPunch(rec({ exception_type: '时间异常;未打卡' })), null);
      assert.equal(mapPunches([rec({ exception_type: '未打卡' }), rec({ exception_type: '' })]).length, 1);
    });

    it('tells devices, phones with GPS and bare records apart', () => {
      assert.equal(mapPunch(rec({ deviceid: 'ZKCN2024A0001' }))?.method, 'device');
      assert.equal(mapPunch(rec({ deviceid: 'E5FA89F6-3926-4972-BE4F-4A7ACF4701E2', lat: 30547645, lng: 104063236 }))?.method, 'gps');
      const bare = mapPunch(rec({ deviceid: '', lat: 0, lng: 0 }));
      assert.equal(bare?.method, 'manual');
      assert.equal(bare?.lat, null);
    });
  });

  describe('approvals', () => {
    const vacation = { control: 'Vacation', id: 'vacation-1563793073898', title: [], value: vacationValue };

    it('Vacation (hour unit) → sick leave with the exact interval', () => {
      const r = mapApproval(detail([vacation], { sp_status: 2 }));
      assert.equal(r?.type, 'leave');
      assert.equal(r?.subtype, 'sick');
      assert.equal(r?.unit, 'hour');
      assert.equal(r?.startAt, 1568077200_000);
      assert.equal(r?.endAt, 1568368800_000);
      assert.equal(r?.durationMinutes, 291600 / 60);
      assert.equal(r?.status, 'approved');
      assert.equal(r?.externalId, '201909270002');
      valid(r);
    });

    it('half-day and day units end on the boundary, not at 23:59:59; 调休 is time_off', () => {
      const half = structuredClone(vacationValue) as unknown as { vacation: { selector: { options: { key: string; value: { text: string }[] }[] }; attendance: { date_range: Record<string, unknown> } } };
      half.vacation.attendance.date_range = { type: 'halfday', new_begin: 1599494400, new_end: 1599667199, new_duration: 172800 };
      half.vacation.selector.options = [{ key: '7', value: [{ text: '调休假' }] }];
      const r = mapApproval(detail([{ ...vacation, value: half }]));
      assert.equal(r?.unit, 'halfday');
      assert.equal(r?.type, 'time_off');
      assert.equal(r?.endAt, 1599667200_000);
      assert.equal(r?.endAt && r.startAt && (r.endAt - r.startAt) / 3_600_000, 48);
      half.vacation.attendance.date_range = { type: 'day', new_begin: 1599494400, new_end: 1599580799 };
      assert.equal(mapApproval(detail([{ ...vacation, value: half }]))?.unit, 'day');
    });

    it('every sp_status, including revoked after approval', () => {
      const statuses = [1, 2, 3, 4, 6, 7, 10].map((s) => mapApproval(detail([vacation], { sp_status: s }))?.status);
      assert.deepEqual(statuses, ['pending', 'approved', 'rejected', 'cancelled', 'revoked', 'cancelled', 'approved']);
    });

    it('Attendance controls → trip / outing / overtime, 外勤 forms → field; PunchCorrection → correction', () => {
      const att = (type: number) => ({ control: 'Attendance', value: { attendance: { date_range: { type: 'hour', new_begin: 1570550400, new_end: 1570557600, new_duration: 7200 }, type } } });
      assert.equal(mapApproval(detail([att(3)]))?.type, 'trip');
      assert.equal(mapApproval(detail([att(4)]))?.type, 'outing');
      assert.equal(mapApproval(detail([att(4)], { sp_name: '外勤' }))?.type, 'field');
      assert.equal(mapApproval(detail([att(5)]))?.type, 'overtime');
      const fix = mapApproval(detail([{ control: 'PunchCorrection', value: { punch_correction: { state: '缺卡', time: 1570550400, version: 1, daymonthyear: 1570550400 } } }]));
      assert.equal(fix?.type, 'correction');
      assert.equal(fix?.startAt, 1570550400_000);
      valid(fix);
    });

    it('forms without an attendance control (the §11.2 samples) map to nothing; approvers and reason are kept', () => {
      assert.equal(mapApproval(approvalDetailSchema.parse(approvalDetailResponse).info), null);
      assert.equal(mapApproval(approvalDetailSchema.parse(approvalDetailAllControls).info), null, 'the merged SKIT fixture declares control Text');
      const r = mapApproval(detail([vacation, { control: 'Textarea', value: { text: '家中有事' } }]));
      assert.equal(r?.reason, '家中有事');
      assert.deepEqual(r?.approvers?.map((a) => a.externalUserId), ['WuJunJie', 'WangXiaoMing']);
      assert.equal(r?.decidedAt, null, 'pending');
    });
  });

  describe('rules', () => {
    const night = {
      schedule_id: 4,
      schedule_name: '夜班 22:00-06:00',
      time_section: [{ time_id: 41, work_sec: 79200, off_work_sec: 108000, rest_begin_time: 93600, rest_end_time: 95400, allow_rest: true }],
      limit_aheadtime: 7_200_000,
      limit_offtime: 14_400,
      flex_on_duty_time: 180_000,
      flex_off_duty_time: 0,
      max_allow_arrive_early: 0,
      max_allow_arrive_late: 0,
    };

    it('compiles the night shift (off_work_sec > 86400) into a next-day segment and break', () => {
      const shift = parseShift(shiftFromSchedule(night, { mode: 'none' }));
      assert.deepEqual(shift.segments, [{ start: '22:00', end: '30:00' }]);
      assert.deepEqual(shift.breaks, [{ start: '26:00', end: '26:30' }]);
      assert.equal(shift.windowBeforeMinutes, 120, 'limit_aheadtime is in ms');
      assert.equal(shift.windowAfterMinutes, 240, 'limit_offtime is in seconds');
      assert.equal(shift.lateGraceMinutes, 3, 'flex_on_duty_time is in ms');
      assert.equal(shift.flex, null);
    });

    it('flexible arrival comes from max_allow_arrive_* (seconds); windows from earliest/latest secs when given', () => {
      const shift = parseShift(
        shiftFromSchedule(
          { ...night, time_section: [{ work_sec: 32400, off_work_sec: 64800, earliest_work_sec: 25200, latest_off_work_sec: 79200 }], flex_on_duty_time: 0, max_allow_arrive_late: 3600, max_allow_arrive_early: 1800 },
          { mode: 'punch' },
        ),
      );
      assert.deepEqual(shift.flex, { earlyArriveMinutes: 30, lateArriveMinutes: 60 });
      assert.equal(shift.windowBeforeMinutes, 120);
      assert.equal(shift.windowAfterMinutes, 240);
      assert.equal(shift.lateGraceMinutes, 0);
    });

    it('compiles groups: fixed week, roster pattern, overtime mode, out-of-range policy, members, calendar days', () => {
      const fixed = checkinGroupSchema.parse({
        grouptype: 1, groupid: 1, groupname: '总部固定班',
        checkindate: [{ workdays: [1, 2, 3, 4, 5], checkintime: [{ work_sec: 32400, off_work_sec: 64800 }], limit_aheadtime: 10_800_000, flex_on_duty_time: 300_000, flex_off_duty_time: 60_000 }],
        spe_workdays: [{ timestamp: 1759507200, notes: '国庆调休上班' }], spe_offdays: [{ timestamp: 1759248000, notes: '国庆节' }],
        sync_holidays: true, range: { userid: ['a', 'b', 'c'] }, white_users: ['c'], option_out_range: 1,
        ot_info: { type: 1, allow_ot_workingday: true, otcheckinfo: { ot_workingday_time_start: 1800, ot_workingday_time_min: 3600, ot_workingday_time_max: 14400, ot_nonworkingday_time_max: 43200 } },
      });
      const shiftGroup = checkinGroupSchema.parse({ grouptype: 2, groupid: 3, groupname: '运维轮班', schedulelist: [night], ot_info: { type: 2 } });
      const { changes, skipped } = compileRules([fixed, shiftGroup], 'acme', ZONE);
      assert.deepEqual(skipped, []);
      for (const c of changes) valid(c);
      const byKind = (k: string) => changes.filter((c) => c.kind === k) as Record<string, unknown>[];
      const groups = byKind('rule_group');
      const office = groups.find((g) => g['externalId'] === '1');
      const pattern = ruleGroupPatternSchema.parse(office?.['pattern']);
      assert.equal(pattern.kind, 'fixed');
      assert.deepEqual(pattern.kind === 'fixed' && pattern.week, { mon: '1-1', tue: '1-1', wed: '1-1', thu: '1-1', fri: '1-1', sat: null, sun: null });
      assert.deepEqual(office?.['memberExternalUserIds'], ['a', 'b']);
      assert.deepEqual(office?.['policy'], { overtime: { mode: 'punch', startAfterMinutes: 30, minMinutes: 60, maxMinutes: 240, restDayMaxMinutes: 720 }, outOfRange: 'field' });
      const shift = parseShift(byKind('shift').find((s) => s['externalId'] === '1-1')?.['definition']);
      assert.equal(shift.lateGraceMinutes, 5);
      assert.equal(shift.earlyGraceMinutes, 1);
      assert.equal(shift.windowBeforeMinutes, 180);
      assert.equal(ruleGroupPatternSchema.parse(groups.find((g) => g['externalId'] === '3')?.['pattern']).kind, 'roster');
      assert.equal((groups.find((g) => g['externalId'] === '3')?.['policy'] as { overtime: { mode: string } }).overtime.mode, 'approval');
      assert.deepEqual(
        byKind('calendar_day').map((c) => [c['calendar'], c['date'], c['dayType']]),
        [['acme', '2025-10-04', 'makeup'], ['acme', '2025-10-01', 'holiday']],
      );
    });
  });

  it('maps the §11.4 schedule list into rosters (0 = rest) inside the asked range', () => {
    const list = scheduleListSchema.parse(scheduleListResponse).schedule_list;
    assert.deepEqual(mapSchedules(list, '2020-11-01', '2020-11-30').map((r) => [r.workDate, r.shiftExternalId]), [['2020-11-25', '229'], ['2020-11-26', '171'], ['2020-11-30', null]]);
    assert.equal(mapSchedules(list, '2020-11-26', '2020-11-26').length, 1);
  });

  it('maps the §11.3 day report into a vendor day result', () => {
    const r = mapDayResult(dayDataSchema.parse(dayDataResponse).datas[0] as never, ZONE);
    assert.equal(r.externalUserId, 'ZhangSan');
    assert.equal(r.workDate, '2020-09-03');
    assert.equal(r.status, 'exception', 'late and early');
    valid(r);
  });

  it('maps departments and members (root has no parent; 退出企业 → left)', () => {
    assert.deepEqual(mapDepartment({ id: 1, name: '总部', parentid: 0, order: 5 }), { kind: 'department', externalId: '1', parentExternalId: null, name: '总部', sortOrder: 5 });
    const user = userSchema.parse({ errcode: 0, userid: 'zhangsan', name: '张三', department: [2, 3], main_department: 3, position: '', mobile: '13800000000', email: '', status: 5, extattr: { attrs: [{ type: 0, name: '工号', text: { value: 'E001' } }] } });
    assert.deepEqual(mapUser(user), { kind: 'employee', externalUserId: 'zhangsan', name: '张三', departmentExternalId: '3', jobNumber: 'E001', mobile: '13800000000', email: null, position: null, status: 'left' });
  });
});
