import type { SandboxCompany } from '../../../src/sandbox/company.js';
import { breakMinutes, segmentMinutes, type Group, type Shift } from '../../../src/sandbox/schedule.js';
import { groupIdOf, scheduleIdOf } from './directory.js';
import type { WecomSandboxState } from './state.js';

/**
 * Compiles the company's groups and shifts into getcorpcheckinoption `group[]` (§3.5). Units:
 * time-of-day fields are seconds after 00:00 (beyond 86400 = next day); `limit_aheadtime` and
 * `flex_*` are milliseconds; `limit_offtime` and `max_allow_arrive_*` are seconds.
 */
const WINDOW_BEFORE_SEC = 7200;
const WINDOW_AFTER_SEC = 14400;

function timeSection(shift: Shift, id: number) {
  const breaks = breakMinutes(shift);
  return segmentMinutes(shift).map((seg, i) => {
    const rest = segmentMinutes(shift).length === 1 ? breaks[0] : undefined;
    return {
      time_id: id * 10 + i + 1,
      work_sec: seg.start * 60,
      off_work_sec: seg.end * 60,
      remind_work_sec: seg.start * 60 - 600,
      remind_off_work_sec: seg.end * 60,
      rest_begin_time: rest ? rest.start * 60 : 0,
      rest_end_time: rest ? rest.end * 60 : 0,
      allow_rest: rest !== undefined,
      earliest_work_sec: seg.start * 60 - WINDOW_BEFORE_SEC,
      latest_work_sec: Math.floor((seg.start + seg.end) / 2) * 60,
      earliest_off_work_sec: Math.floor((seg.start + seg.end) / 2) * 60,
      latest_off_work_sec: seg.end * 60 + WINDOW_AFTER_SEC,
    };
  });
}

export function scheduleEntry(company: SandboxCompany, shift: Shift) {
  const id = scheduleIdOf(company, shift.key);
  const flex = shift.flexLateMinutes > 0;
  return {
    schedule_id: id,
    schedule_name: shift.name,
    time_section: timeSection(shift, id),
    limit_aheadtime: WINDOW_BEFORE_SEC * 1000,
    limit_offtime: WINDOW_AFTER_SEC,
    noneed_offwork: false,
    allow_flex: flex,
    // Grace goes in flex_on_duty_time (ms); flexible arrival in max_allow_arrive_late (s). They exclude each other.
    flex_on_duty_time: shift.lateGraceMinutes * 60_000,
    flex_off_duty_time: 0,
    late_rule: { allow_offwork_after_time: false, timerules: [] },
    max_allow_arrive_early: 0,
    max_allow_arrive_late: flex ? shift.flexLateMinutes * 60 : 0,
  };
}

function checkintimes(shift: Shift) {
  return timeSection(shift, 0).map((t) => ({ work_sec: t.work_sec, off_work_sec: t.off_work_sec, remind_work_sec: t.remind_work_sec, remind_off_work_sec: t.remind_off_work_sec }));
}

export function compileGroup(state: WecomSandboxState, group: Group) {
  const { company, cal } = state;
  const shifts = new Map(company.shifts.map((s) => [s.key, s]));
  const used = [...new Set(group.shiftKeys.filter((k): k is string => k !== null))].map((k) => shifts.get(k)).filter((s): s is Shift => s !== undefined);
  const fixed = group.kind === 'fixed';
  // Fixed rules: one checkindate entry per distinct shift, WeCom weekday numbers (0 = Sunday).
  const checkindate = fixed
    ? used.map((shift) => ({
        workdays: group.shiftKeys.flatMap((k, i) => (k === shift.key ? [(i + 1) % 7] : [])),
        checkintime: checkintimes(shift),
        noneed_offwork: false,
        limit_aheadtime: WINDOW_BEFORE_SEC * 1000,
        flex_time: 0,
        flex_on_duty_time: shift.lateGraceMinutes * 60_000,
        flex_off_duty_time: 0,
      }))
    : [];
  const firstShift = used[0];
  const day = (date: string) => cal.midnight(date) / 1000;
  return {
    grouptype: fixed ? 1 : 2,
    groupid: groupIdOf(company, group.key),
    groupname: group.name,
    checkindate,
    spe_workdays: fixed && firstShift ? company.holidays.filter((h) => h.kind === 'makeup').map((h) => ({ timestamp: day(h.date), notes: h.name, checkintime: checkintimes(firstShift) })) : [],
    spe_offdays: fixed ? company.holidays.filter((h) => h.kind === 'holiday').map((h) => ({ timestamp: day(h.date), notes: h.name, checkintime: [] })) : [],
    sync_holidays: fixed,
    need_photo: false,
    note_can_use_local_pic: false,
    allow_checkin_offworkday: true,
    allow_apply_offworkday: true,
    wifimac_infos: [{ wifiname: 'Office-5F', wifimac: '3c:46:d8:0c:7a:70' }, { wifiname: 'Office-6F', wifimac: '3c:46:d8:0c:7a:71' }],
    loc_infos: [{ lat: 31230416, lng: 121473701, loc_title: '示例科技大厦', loc_detail: '上海市黄浦区人民大道200号', distance: 300 }],
    range: { partyid: [], userid: [...group.employeeKeys], tagid: [] },
    white_users: [],
    type: 0,
    reporterinfo: { reporters: [], updatetime: 0 },
    ot_info: {
      type: 0,
      allow_ot_workingday: true,
      allow_ot_nonworkingday: true,
      otcheckinfo: {
        ot_workingday_time_start: 1800,
        ot_workingday_time_min: 1800,
        ot_workingday_time_max: 14400,
        ot_nonworkingday_time_min: 3600,
        ot_nonworkingday_time_max: 43200,
        ot_nonworkingday_spanday_time: 0,
        ot_workingday_restinfo: { type: 0 },
        ot_nonworkingday_restinfo: { type: 0 },
      },
      uptime: 0,
    },
    allow_apply_bk_cnt: 5,
    allow_apply_bk_day_limit: 30,
    option_out_range: 0,
    use_face_detect: false,
    create_userid: company.employees[0]?.key ?? '',
    update_userid: company.employees[0]?.key ?? '',
    create_time: day(company.from) - 86_400 * 365,
    offwork_interval_time: 0,
    schedulelist: used.map((s) => scheduleEntry(company, s)),
  };
}
