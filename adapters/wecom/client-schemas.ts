import { z } from 'zod';

/**
 * Response shapes the adapter relies on (docs/wecom.md §2–§6, §11). Only fields the mapping reads
 * are required; everything else is optional because WeCom omits empty or invisible fields. A
 * response that misses a required field is reported as malformed rather than half-mapped.
 */

const int = z.number().int();
const str = z.string();
/** sp_no is documented as a string but sometimes sent as a bare number (§4.2). */
const spNo = z.union([str, int]).transform(String);
/** sptime is 0 when not acted and "" in one SDK sample. */
const looseInt = z.union([int, z.literal('')]).transform((v) => (v === '' ? 0 : v));

export const tokenSchema = z.object({ access_token: str.min(1), expires_in: int.positive() });

export const okSchema = z.object({});

export const checkinRecordSchema = z.object({
  userid: str.min(1),
  checkin_type: str,
  exception_type: str.default(''),
  checkin_time: int,
  groupname: str.optional(),
  groupid: int.optional(),
  location_title: str.optional(),
  location_detail: str.optional(),
  wifiname: str.optional(),
  wifimac: str.optional(),
  notes: str.optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  deviceid: str.optional(),
  sch_checkin_time: int.optional(),
  schedule_id: int.optional(),
  timeline_id: int.optional(),
});
export type CheckinRecord = z.infer<typeof checkinRecordSchema>;
export const checkinDataSchema = z.object({ checkindata: z.array(checkinRecordSchema).default([]) });

const checkinTime = z.object({ work_sec: int, off_work_sec: int });
const timeSection = checkinTime.extend({
  time_id: int.optional(),
  rest_begin_time: int.optional(),
  rest_end_time: int.optional(),
  allow_rest: z.boolean().optional(),
  earliest_work_sec: int.optional(),
  latest_off_work_sec: int.optional(),
});
export const scheduleEntrySchema = z.object({
  schedule_id: int,
  schedule_name: str,
  time_section: z.array(timeSection),
  limit_aheadtime: int.optional(),
  limit_offtime: int.optional(),
  flex_on_duty_time: int.optional(),
  flex_off_duty_time: int.optional(),
  max_allow_arrive_early: int.optional(),
  max_allow_arrive_late: int.optional(),
});
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;
const checkinDate = z.object({
  workdays: z.array(int),
  checkintime: z.array(checkinTime),
  limit_aheadtime: int.optional(),
  flex_time: int.optional(),
  flex_on_duty_time: int.optional(),
  flex_off_duty_time: int.optional(),
});
export type CheckinDate = z.infer<typeof checkinDate>;
const speDay = z.object({ timestamp: int, notes: str.optional() });
const otCheck = z.object({
  ot_workingday_time_start: int.optional(),
  ot_workingday_time_min: int.optional(),
  ot_workingday_time_max: int.optional(),
  ot_nonworkingday_time_max: int.optional(),
});
export const checkinGroupSchema = z.object({
  grouptype: int,
  groupid: int,
  groupname: str.min(1),
  checkindate: z.array(checkinDate).default([]),
  spe_workdays: z.array(speDay).default([]),
  spe_offdays: z.array(speDay).default([]),
  sync_holidays: z.boolean().optional(),
  range: z.object({ userid: z.array(str).default([]) }).optional(),
  white_users: z.array(str).default([]),
  option_out_range: int.optional(),
  ot_info: z.object({ type: int, allow_ot_workingday: z.boolean().optional(), allow_ot_nonworkingday: z.boolean().optional(), otcheckinfo: otCheck.optional(), otapplyinfo: otCheck.optional() }).optional(),
  schedulelist: z.array(scheduleEntrySchema).default([]),
});
export type CheckinGroup = z.infer<typeof checkinGroupSchema>;
export const corpOptionSchema = z.object({ group: z.array(checkinGroupSchema).default([]) });

export const scheduleListSchema = z.object({
  schedule_list: z
    .array(
      z.object({
        userid: str.min(1),
        yearmonth: int,
        groupid: int.optional(),
        schedule: z.object({ scheduleList: z.array(z.object({ day: int, schedule_info: z.object({ schedule_id: int }) })).default([]) }),
      }),
    )
    .default([]),
});
export type ScheduleList = z.infer<typeof scheduleListSchema>;

export const dayDataSchema = z.object({
  datas: z
    .array(
      z.object({
        base_info: z.looseObject({ date: int, acctid: str.min(1), day_type: int.optional(), record_type: int.optional() }),
        summary_info: z.looseObject({}).optional(),
        exception_infos: z.array(z.object({ exception: int, count: int, duration: int.optional() })).default([]),
        ot_info: z.looseObject({}).optional(),
        sp_items: z.array(z.looseObject({ type: int, count: int })).default([]),
        holiday_infos: z.array(z.looseObject({ sp_number: str.optional() })).default([]),
      }),
    )
    .default([]),
});
export type DayData = z.infer<typeof dayDataSchema>['datas'][number];

export const approvalInfoSchema = z.object({ sp_no_list: z.array(spNo).default([]), new_next_cursor: str.optional() });

const text = z.object({ text: str.optional() });
const dateRange = z.object({ type: str, new_begin: z.coerce.number().int(), new_end: z.coerce.number().int(), new_duration: z.coerce.number().int().optional() });
const attendance = z.object({ date_range: dateRange, type: int.optional() });
export const approvalContentSchema = z.object({
  control: str,
  id: str.optional(),
  value: z
    .object({
      text: str.optional(),
      vacation: z.object({ selector: z.object({ options: z.array(z.object({ key: str, value: z.array(text).default([]) })) }), attendance }).optional(),
      attendance: attendance.optional(),
      punch_correction: z.object({ state: str.optional(), time: int, daymonthyear: int.optional() }).optional(),
    })
    .default({}),
});
export type ApprovalContent = z.infer<typeof approvalContentSchema>;
export const approvalDetailSchema = z.object({
  info: z.object({
    sp_no: spNo,
    sp_name: str,
    sp_status: int,
    template_id: str.optional(),
    apply_time: int,
    applyer: z.object({ userid: str.min(1) }),
    sp_record: z.array(z.object({ sp_status: int, details: z.array(z.object({ approver: z.object({ userid: str }), sp_status: int, sptime: looseInt.optional() })).default([]) })).default([]),
    apply_data: z.object({ contents: z.array(approvalContentSchema).default([]) }),
  }),
});
export type ApprovalDetail = z.infer<typeof approvalDetailSchema>['info'];

export const departmentListSchema = z.object({ department: z.array(z.object({ id: int, name: str.min(1), parentid: int, order: int.optional() })).default([]) });
export type Department = z.infer<typeof departmentListSchema>['department'][number];

export const userListIdSchema = z.object({ next_cursor: str.optional(), dept_user: z.array(z.object({ userid: str.min(1), department: int })).default([]) });

export const userSchema = z.object({
  userid: str.min(1),
  name: str.min(1),
  department: z.array(int).default([]),
  main_department: int.optional(),
  position: str.optional(),
  mobile: str.optional(),
  email: str.optional(),
  status: int.optional(),
  extattr: z.object({ attrs: z.array(z.object({ name: str, text: z.object({ value: str }).optional() })).default([]) }).optional(),
});
export type WecomUser = z.infer<typeof userSchema>;

export const userInfoSchema = z.object({ userid: str.optional(), openid: str.optional() });
export const applyEventResultSchema = z.object({ sp_no: spNo });
