/**
 * §5.8/5.9 write-backs: approvals finished in our system (old and v1.0), cancel, 补卡, 调班 and
 * third-party punch upload. Each call is validated as documented and recorded for /__sandbox/truth;
 * a repeated `approve_id` updates the earlier write (idempotent key).
 */
import { Router } from 'express';
import { DateTime } from 'luxon';
import { dateRange } from '../../../../src/sandbox/calendar.js';
import { dingtalkApis } from '../../descriptor.js';
import type { OapiErrcode, V1ErrorCode } from '../../errors.js';
import { bodyOf, optInt, optString, parseLocal, reqInt, reqString } from '../params.js';
import { ApiError, sendOapi } from '../respond.js';
import { recordWrite, type SandboxState } from '../state.js';
import type { PunchRecord } from '../views/daybook.js';

const DAY_MS = 86_400_000;
/** Record ids of uploaded punches, apart from those of the company's own (ids.recordId). */
const UPLOAD_RECORD_BASE = 43_090_000_000;

/** A punch that came in through record/upload, as a raw punch record of its user. */
export interface UploadedRecord extends PunchRecord {
  deviceName: string;
}

/**
 * Punches uploaded through record/upload (§5.9) become 打卡流水 of the user: listRecord returns
 * them like a machine's punches. They answer no checkpoint here (the daybook of results is fixed at
 * start). record/upload has no idempotency key, so every accepted call is one more record.
 */
export function uploadedRecords(s: SandboxState, userId: string): UploadedRecord[] {
  return (s.writes['recordUpload'] ?? []).flatMap((w, i) => {
    if (w.body['userid'] !== userId) return [];
    const deviceSn = String(w.body['device_id']);
    const punch = { id: `upload-${i + 1}`, employeeKey: userId, at: Number(w.body['user_check_time']), location: 'inside' as const, lat: 0, lng: 0, deviceSn };
    return [{ punch, recordId: UPLOAD_RECORD_BASE + i + 1, deviceName: String(w.body['device_name']) }];
  });
}

interface FinishParams {
  userid: string;
  bizType: number;
  from: string;
  to: string;
  unit: string;
  calculateModel: number;
  tagName: string;
  subType: string | undefined;
  approveId: string;
  jumpUrl: string;
  overtimeDuration: string | undefined;
  overtimeToMore: number | undefined;
}

const FORMATS: Record<string, RegExp> = {
  day: /^\d{4}-\d{2}-\d{2}$/,
  halfDay: /^\d{4}-\d{2}-\d{2} (AM|PM)$/,
  hour: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
};

/** Validates a finish call (rules of §5.8a/b) and returns the per-day durations DingTalk answers with. */
function finish(s: SandboxState, p: FinishParams, maxStartAgeDays: number | null): { duration: number; durationDetail: { date: string; duration: number }[] } {
  const fail = (v1: V1ErrorCode, msg: string, oapi: OapiErrcode = 40035): ApiError => new ApiError(oapi, v1, msg);
  if (!s.company.employees.some((e) => e.key === p.userid)) throw new ApiError(60121, 'invalidRequestParams');
  if (![1, 2, 3].includes(p.bizType)) throw fail('illegalApproveType', 'biz_type must be 1, 2 or 3');
  if (![0, 1].includes(p.calculateModel)) throw fail('illegalCalculateType', 'calculate_model must be 0 or 1');
  const fmt = FORMATS[p.unit];
  if (!fmt) throw fail('illegalDurationUnit', 'duration_unit must be day, halfDay or hour');
  if (!fmt.test(p.from) || !fmt.test(p.to)) throw fail('illegalDurationUnit', `from_time/to_time do not match duration_unit ${p.unit}`);
  if (p.bizType === 1 && p.unit !== 'hour') throw fail('illegalDurationUnit', 'overtime is recorded in hours');
  if (p.tagName.length > 20) throw fail('invalidRequestParams', 'tag_name is longer than 20');
  if (p.bizType === 3 && (!p.subType || p.subType.length > 20)) throw fail('invalidRequestParams', 'sub_type is required for leave (≤20)');
  if (p.approveId.length > 100) throw fail('invalidRequestParams', 'approve_id is longer than 100');
  if (p.jumpUrl.length > 200) throw fail('invalidRequestParams', 'jump_url is longer than 200');
  const zone = s.cal.timezone;
  const at = (t: string, end: boolean): number => {
    const [date = '', part = ''] = t.split(' ');
    if (p.unit === 'hour') return parseLocal(t, zone, 'from_time');
    const day = s.cal.midnight(date);
    if (p.unit === 'day') return end ? day + DAY_MS : day;
    return day + (part === 'PM' ? DAY_MS / 2 : 0) + (end ? DAY_MS / 2 : 0);
  };
  const start = at(p.from, false);
  const end = at(p.to, true);
  if (end <= start) throw fail('beginDateCannotAfterEndDate', 'from_time is after to_time');
  if (end - start > 31 * DAY_MS) throw fail('durationTooLong', 'from_time..to_time exceeds 31 days', 850012);
  if (p.bizType === 1) {
    if (end - start > DAY_MS) throw fail('durationTooLong', 'overtime spans at most one day');
    if (p.overtimeDuration === undefined || !/^\d+(\.\d+)?$/.test(p.overtimeDuration)) throw fail('invalidRequestParams', 'overtime_duration is required');
    if (p.overtimeToMore !== 1 && p.overtimeToMore !== 2) throw fail('invalidRequestParams', 'overtime_to_more must be 1 or 2');
  }
  if (maxStartAgeDays !== null && start < s.clock.now() - maxStartAgeDays * DAY_MS) throw fail('dateTooEarly', `from_time is older than ${maxStartAgeDays} days`);
  // Per-day durations; calculate_model 1 counts only the user's working days (weekdays outside the data).
  const days = dateRange(s.cal.dateOf(start), s.cal.dateOf(end - 1));
  const working = (date: string): boolean => {
    const day = s.daybook.day(p.userid, date);
    return day ? day.plans.length > 0 : DateTime.fromISO(date).weekday <= 5;
  };
  const durationDetail = days
    .filter((d) => p.calculateModel === 0 || working(d))
    .map((date) => {
      const lo = Math.max(start, s.cal.midnight(date));
      const hi = Math.min(end, s.cal.midnight(date) + DAY_MS);
      const hours = (hi - lo) / 3_600_000;
      const duration = p.unit === 'hour' ? Math.round(hours * 100) / 100 : p.unit === 'halfDay' ? Math.round(hours / 12) / 2 : 1;
      return { date, duration };
    });
  const duration = Math.round(durationDetail.reduce((n, d) => n + d.duration, 0) * 100) / 100;
  return { duration, durationDetail };
}

export function writebackRoutes(s: SandboxState): Router {
  const r = Router();
  const zone = s.cal.timezone;

  r.post(dingtalkApis.approveFinish.path, (req, res) => {
    const b = bodyOf(req.body);
    const out = finish(
      s,
      {
        userid: reqString(b, 'userid'),
        bizType: reqInt(b, 'biz_type'),
        from: reqString(b, 'from_time'),
        to: reqString(b, 'to_time'),
        unit: reqString(b, 'duration_unit'),
        calculateModel: reqInt(b, 'calculate_model'),
        tagName: reqString(b, 'tag_name'),
        subType: optString(b, 'sub_type'),
        approveId: reqString(b, 'approve_id'),
        jumpUrl: reqString(b, 'jump_url'),
        overtimeDuration: optString(b, 'overtime_duration'),
        overtimeToMore: optInt(b, 'overtime_to_more'),
      },
      dingtalkApis.approveFinish.limits.maxStartAgeDays,
    );
    recordWrite(s, 'approveFinish', b, String(b['approve_id']));
    sendOapi(req, res, { result: { duration: String(out.duration), durationDetail: out.durationDetail.map((d) => ({ date: d.date, duration: String(d.duration) })) } });
  });

  r.post(dingtalkApis.approveFinishV1.path, (req, res) => {
    const b = bodyOf(req.body);
    const calc = bodyOf(b['topCalculateApproveDurationParam']);
    const userid = typeof req.query['userId'] === 'string' ? req.query['userId'] : '';
    const out = finish(
      s,
      {
        userid,
        bizType: reqInt(calc, 'bizType', 'illegalApproveType'),
        from: reqString(calc, 'fromTime'),
        to: reqString(calc, 'toTime'),
        unit: reqString(calc, 'durationUnit', 'illegalDurationUnit'),
        calculateModel: reqInt(calc, 'calculateModel', 'illegalCalculateType'),
        tagName: reqString(b, 'tagName'),
        subType: optString(b, 'subType'),
        approveId: reqString(b, 'approveId'),
        jumpUrl: reqString(b, 'jumpUrl'),
        overtimeDuration: optString(b, 'overtimeDuration'),
        overtimeToMore: optInt(b, 'overTimeToMore'),
      },
      null,
    );
    recordWrite(s, 'approveFinishV1', { ...b, userId: userid }, String(b['approveId']));
    res.json({ result: out, success: true });
  });

  r.post(dingtalkApis.approveCancel.path, (req, res) => {
    const b = bodyOf(req.body);
    reqString(b, 'userid');
    reqString(b, 'approve_id');
    // Cancelling an unknown or already cancelled approve_id succeeds: retries must be safe.
    recordWrite(s, 'approveCancel', b);
    sendOapi(req, res, { result: true });
  });

  r.post(dingtalkApis.approveCheck.path, (req, res) => {
    const b = bodyOf(req.body);
    const userid = reqString(b, 'userid');
    const workDate = s.cal.dateOf(parseLocal(reqString(b, 'work_date'), zone, 'work_date'));
    const punchId = reqInt(b, 'punch_id');
    const planned = parseLocal(reqString(b, 'punch_check_time'), zone, 'punch_check_time');
    // The corrected time arrives as `yyyy-MM-dd HH:mm` or epoch ms depending on the SDK.
    if (typeof b['user_check_time'] !== 'number') parseLocal(reqString(b, 'user_check_time'), zone, 'user_check_time');
    for (const k of ['approve_id', 'jump_url', 'tag_name']) reqString(b, k);
    // The checkpoint must exist: the shift of that work date at that scheduled time (§5.8d).
    const plan = s.daybook.day(userid, workDate)?.plans.find((p) => p.classId === punchId && p.baseCheckTime === planned);
    if (!plan) throw new ApiError(40035, 'invalidRequestParams', 'no such checkpoint for userid/work_date/punch_id/punch_check_time');
    recordWrite(s, 'approveCheck', b);
    sendOapi(req, res, { result: true });
  });

  r.post(dingtalkApis.approveScheduleSwitch.path, (req, res) => {
    const b = bodyOf(req.body);
    reqString(b, 'userid');
    reqString(b, 'switch_date');
    const approveId = reqString(b, 'approve_id');
    if (approveId.length > 100) throw new ApiError(40035, 'invalidRequestParams', 'approve_id is longer than 100');
    const cycleUsers = new Set(s.company.groups.filter((g) => g.kind === 'cycle').flatMap((g) => g.employeeKeys));
    for (const k of ['apply_userid', 'target_userid']) {
      if (!cycleUsers.has(reqString(b, k))) throw new ApiError(40035, 'invalidRequestParams', `${k} is not in a 排班制 group`);
    }
    for (const k of ['apply_shift_id', 'target_shift_id']) reqInt(b, k);
    recordWrite(s, 'approveScheduleSwitch', b);
    sendOapi(req, res, { result: true });
  });

  r.post(dingtalkApis.recordUpload.path, (req, res) => {
    const b = bodyOf(req.body);
    const userid = reqString(b, 'userid');
    reqString(b, 'device_name');
    reqString(b, 'device_id');
    const at = reqInt(b, 'user_check_time');
    const now = s.clock.now();
    if (!s.company.employees.some((e) => e.key === userid)) throw new ApiError(60121, 'invalidRequestParams');
    if (at > now || at < now - dingtalkApis.recordUpload.limits.maxStartAgeDays * DAY_MS) {
      throw new ApiError(40035, 'invalidRequestParams', 'user_check_time must be within the last 180 days');
    }
    recordWrite(s, 'recordUpload', b);
    sendOapi(req, res, { success: true });
  });

  return r;
}
