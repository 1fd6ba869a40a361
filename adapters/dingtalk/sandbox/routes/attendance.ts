/** §5.1–5.3: punch results (/attendance/list), raw punches (/attendance/listRecord), one user-day (getupdatedata). */
import { Router } from 'express';
import { daysBetween } from '../../../../src/sandbox/calendar.js';
import { dingtalkApis } from '../../descriptor.js';
import { bodyOf, optList, parseLocal, reqInt, reqString, formatLocal } from '../params.js';
import { badParam, sendOapi } from '../respond.js';
import type { SandboxState } from '../state.js';
import type { PunchRecord, ResultRow } from '../views/daybook.js';
import { typeTags, leaveName } from '../views/instances.js';
import { uploadedRecords, type UploadedRecord } from './writeback.js';

/** Older data is gone (§5.1, §5.2: ~half a year). */
const RETENTION_MS = 180 * 86_400_000;

function resultRow(s: SandboxState, r: ResultRow): Record<string, unknown> {
  const p = r.plan;
  return {
    checkType: p.checkType,
    locationResult: r.locationResult,
    baseCheckTime: p.baseCheckTime,
    groupId: p.groupId,
    timeResult: r.timeResult,
    userId: p.userId,
    ...(r.punch ? { recordId: s.ids.recordId(r.punch.id) } : {}),
    workDate: p.workDateMs,
    sourceType: r.sourceType,
    userCheckTime: r.userCheckTime,
    planId: p.planId,
    id: r.id,
    ...(r.approval ? { approveId: s.ids.approveId(r.approval.id), procInstId: s.ids.processInstanceId(r.approval.id) } : {}),
  };
}

/** One raw punch as listRecord returns it (§11.2); plan fields only when the punch answered a checkpoint. */
function recordRow(s: SandboxState, rec: PunchRecord | UploadedRecord): Record<string, unknown> {
  const { punch: p, result: r } = rec;
  // For machines userAddress is the machine's name (§5.2): an uploaded punch's is the one uploaded.
  const machineName = 'deviceName' in rec ? rec.deviceName : `考勤机 ${p.deviceSn ?? ''}`;
  const machine = p.deviceSn !== undefined;
  const workDate = r ? r.plan.workDateMs : s.cal.midnight(s.cal.dateOf(p.at));
  return {
    gmtModified: p.at,
    gmtCreate: p.at,
    id: rec.recordId,
    corpId: s.cred.corpId,
    userId: p.employeeKey,
    workDate,
    bizId: p.id,
    userCheckTime: p.at,
    sourceType: machine ? 'ATM' : 'USER',
    locationMethod: machine ? 'ATM' : p.wifiName !== undefined ? 'WIFI' : 'MAP',
    // Coordinates are not returned for machine punches (§5.2).
    ...(machine ? { deviceSN: p.deviceSn, userAddress: machineName } : { userLatitude: p.lat, userLongitude: p.lng, userAccuracy: 65, userAddress: '浙江省杭州市', deviceId: `dev-${p.employeeKey}` }),
    ...(p.wifiName !== undefined ? { userSsid: p.wifiName } : {}),
    ...(p.wifiMac !== undefined ? { userMacAddr: p.wifiMac } : {}),
    ...(p.exception === 'field' ? { outsideRemark: '外勤打卡' } : {}),
    ...(r
      ? {
          groupId: r.plan.groupId,
          planId: r.plan.planId,
          classId: r.plan.classId,
          checkType: r.plan.checkType,
          baseCheckTime: r.plan.baseCheckTime,
          planCheckTime: r.plan.baseCheckTime,
          timeResult: r.timeResult,
          locationResult: r.locationResult,
          isLegal: r.timeResult === 'Normal' && r.locationResult === 'Normal' ? 'Y' : 'N',
        }
      : {}),
  };
}

function userList(b: Record<string, unknown>, key: string, max: number): string[] {
  const users = optList(b, key);
  if (!users || users.length === 0) throw badParam(`${key} is required`);
  if (users.length > max) throw badParam(`${key} must hold at most ${max} userids`);
  return users;
}

/** Inclusive local-date span check shared by list and listRecord (≤ 7 days). */
function checkSpan(s: SandboxState, fromMs: number, toMs: number, maxDays: number): void {
  if (toMs < fromMs) throw badParam('the end is before the start');
  if (daysBetween(s.cal.dateOf(fromMs), s.cal.dateOf(toMs)) + 1 > maxDays) throw badParam(`the range must not exceed ${maxDays} days`);
}

export function attendanceRoutes(s: SandboxState): Router {
  const r = Router();
  const zone = s.cal.timezone;

  r.post(dingtalkApis.attendanceList.path, (req, res) => {
    const b = bodyOf(req.body);
    const lim = dingtalkApis.attendanceList.limits;
    // The time part is ignored: whole work dates (§5.1).
    const from = s.cal.dateOf(parseLocal(reqString(b, 'workDateFrom'), zone, 'workDateFrom'));
    const to = s.cal.dateOf(parseLocal(reqString(b, 'workDateTo'), zone, 'workDateTo'));
    checkSpan(s, s.cal.midnight(from), s.cal.midnight(to), lim.maxDays);
    const users = userList(b, 'userIdList', lim.maxUsers);
    const offset = reqInt(b, 'offset');
    const limit = reqInt(b, 'limit');
    if (offset < 0 || limit < 1 || limit > lim.maxPageSize) throw badParam(`limit must be 1..${lim.maxPageSize}`);
    const oldest = s.clock.now() - RETENTION_MS;
    const rows = users.flatMap((u) => (s.daybook.results.get(u) ?? []).filter((x) => x.plan.workDate >= from && x.plan.workDate <= to && x.plan.workDateMs >= oldest));
    const page = rows.slice(offset, offset + limit);
    res.json({ errcode: 0, recordresult: page.map((x) => resultRow(s, x)), hasMore: offset + limit < rows.length, errmsg: 'ok' });
  });

  r.post(dingtalkApis.attendanceListRecord.path, (req, res) => {
    const b = bodyOf(req.body);
    const lim = dingtalkApis.attendanceListRecord.limits;
    const users = userList(b, 'userIds', lim.maxUsers);
    const fromMs = parseLocal(reqString(b, 'checkDateFrom'), zone, 'checkDateFrom');
    const toMs = parseLocal(reqString(b, 'checkDateTo'), zone, 'checkDateTo');
    checkSpan(s, fromMs, toMs, lim.maxDays);
    const lo = Math.max(fromMs, s.clock.now() - RETENTION_MS);
    const rows = users.flatMap((u) =>
      [...(s.daybook.records.get(u) ?? []), ...uploadedRecords(s, u)].filter((x) => x.punch.at >= lo && x.punch.at <= toMs).sort((a, b) => a.punch.at - b.punch.at),
    );
    res.json({ errcode: 0, errmsg: 'ok', recordresult: rows.map((x) => recordRow(s, x)) });
  });

  r.post(dingtalkApis.getUpdateData.path, (req, res) => {
    const b = bodyOf(req.body);
    const userid = reqString(b, 'userid');
    const date = s.cal.dateOf(parseLocal(reqString(b, 'work_date'), zone, 'work_date'));
    const fmt = (ms: number): string => formatLocal(ms, zone);
    const results = (s.daybook.results.get(userid) ?? []).filter((x) => x.plan.workDate === date);
    const records = (s.daybook.records.get(userid) ?? []).filter((x) => (x.result ? x.result.plan.workDate : s.cal.dateOf(x.punch.at)) === date);
    const dayStart = s.cal.midnight(date);
    const dayEnd = dayStart + 86_400_000;
    const approvals = s.company.approvals.filter((a) => a.employeeKey === userid && a.status === 'approved' && a.start < dayEnd && a.end > dayStart);
    const shift = s.daybook.day(userid, date)?.shiftKey;
    const breaks = shift ? (s.daybook.shifts.get(shift)?.breaks ?? []) : [];
    sendOapi(req, res, {
      result: {
        work_date: `${date} 00:00:00`,
        userid,
        corpId: s.cred.corpId,
        attendance_result_list: results.map((x) => ({
          ...(x.punch ? { record_id: s.ids.recordId(x.punch.id) } : {}),
          source_type: x.sourceType,
          plan_check_time: fmt(x.plan.baseCheckTime),
          class_id: x.plan.classId,
          location_method: x.punch ? (x.punch.deviceSn ? 'ATM' : x.punch.wifiName ? 'WIFI' : 'MAP') : '',
          location_result: x.locationResult,
          plan_id: x.plan.planId,
          group_id: x.plan.groupId,
          user_check_time: fmt(x.userCheckTime),
          ...(x.approval ? { procInst_id: s.ids.processInstanceId(x.approval.id) } : {}),
          check_type: x.plan.checkType,
          time_result: x.timeResult,
        })),
        approve_list: approvals.map((a) => ({
          duration_unit: a.unit === 'halfday' ? 'halfDay' : a.unit,
          duration: String(Math.round(((a.end - a.start) / 3_600_000) * 100) / 100),
          ...(a.type === 'leave' || a.type === 'time_off' ? { sub_type: leaveName(a) } : {}),
          tag_name: typeTags[a.type].tag,
          procInst_id: s.ids.processInstanceId(a.id),
          begin_time: fmt(a.start),
          end_time: fmt(a.end),
          gmt_finished: fmt(a.decidedAt ?? a.createdAt),
          biz_type: typeTags[a.type].bizType,
        })),
        check_record_list: records.map((x) => ({
          record_id: x.recordId,
          source_type: x.punch.deviceSn ? 'ATM' : 'USER',
          user_accuracy: 65,
          valid_matched: x.result !== undefined,
          user_check_time: fmt(x.punch.at),
          user_longitude: x.punch.lng,
          user_latitude: x.punch.lat,
          ...(x.punch.wifiName ? { user_ssid: x.punch.wifiName } : {}),
          ...(x.punch.wifiMac ? { user_mac_addr: x.punch.wifiMac } : {}),
        })),
        class_setting_info: { rest_time_vo_list: breaks.map((br) => ({ rest_begin_time: `${date} ${br.start}:00`, rest_end_time: `${date} ${br.end}:00` })) },
      },
    });
  });

  return r;
}
