/**
 * Typed DingTalk reads shared by the streams and the event resolver: request bodies as documented
 * (docs/dingtalk.md §5–§7, snake_case for /topapi, camelCase for /attendance/*), answers checked
 * with zod. A successful answer of the wrong shape is a permanent `malformed` failure.
 */
import { z } from 'zod';
import { VendorError } from '../../src/http/vendorError.js';
import type { CallOptions, DingtalkClient, Json } from './client.js';
import type { DingtalkApiName } from './descriptor.js';
import { deptSchema, userSchema, type RawDept, type RawUser } from './map/org.js';
import { recordSchema, type RawRecord } from './map/punch.js';
import { instanceSchema, type RawInstance } from './map/request.js';
import { resultRowSchema, type RawResultRow } from './map/result.js';
import { groupSchema, type RawGroup } from './map/shift.js';
import { formatLocal, idLike, numLike, startOfDay } from './map/time.js';

export function parseAnswer<T extends z.ZodType>(api: DingtalkApiName, schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unexpected shape';
  throw new VendorError('dingtalk', api, 'malformed', `unexpected answer (${where})`, 'fail');
}

async function read<T extends z.ZodType>(c: DingtalkClient, api: DingtalkApiName, body: Json, schema: T, opts: CallOptions): Promise<z.output<T>> {
  return parseAnswer(api, schema, await c.call(api, body, opts));
}

const listSubAnswer = z.looseObject({ result: z.array(deptSchema).default([]) });

/** Direct children of one department. */
export async function listSubDepartments(c: DingtalkClient, deptId: number, opts: CallOptions = {}): Promise<RawDept[]> {
  return (await read(c, 'departmentListSub', { dept_id: deptId }, listSubAnswer, opts)).result;
}

const userListAnswer = z.looseObject({
  result: z.looseObject({ has_more: z.boolean().default(false), next_cursor: numLike.optional(), list: z.array(userSchema).default([]) }),
});

export const USER_PAGE = 100;

/** One page of a department's direct members (cursor paging, §7). */
export async function listUsers(c: DingtalkClient, deptId: number, cursor: number, opts: CallOptions = {}): Promise<{ list: RawUser[]; next: number | null }> {
  const r = (await read(c, 'userList', { dept_id: deptId, cursor, size: USER_PAGE, contain_access_limit: false }, userListAnswer, opts)).result;
  return { list: r.list, next: r.has_more && r.next_cursor !== undefined ? r.next_cursor : null };
}

const userGetAnswer = z.looseObject({ result: userSchema });

export async function getUser(c: DingtalkClient, userid: string, opts: CallOptions = {}): Promise<RawUser> {
  return (await read(c, 'userGet', { userid }, userGetAnswer, opts)).result;
}

const recordsAnswer = z.looseObject({ recordresult: z.array(recordSchema).default([]) });

/** Every raw punch of ≤ 50 users between two instants (≤ 7 days, time-precise, §5.2). */
export async function listRecords(c: DingtalkClient, userIds: readonly string[], fromMs: number, toMs: number, opts: CallOptions = {}): Promise<RawRecord[]> {
  const body = { userIds: [...userIds], checkDateFrom: formatLocal(fromMs, c.timezone), checkDateTo: formatLocal(toMs, c.timezone), isI18n: false };
  return (await read(c, 'attendanceListRecord', body, recordsAnswer, opts)).recordresult;
}

const resultsAnswer = z.looseObject({ hasMore: z.boolean().default(false), recordresult: z.array(resultRowSchema).default([]) });

export const RESULT_PAGE = 50;

/** One offset page of punch results for ≤ 50 users over ≤ 7 work dates (§5.1). */
export async function listResults(c: DingtalkClient, userIds: readonly string[], from: string, to: string, offset: number, opts: CallOptions = {}): Promise<{ rows: RawResultRow[]; more: boolean }> {
  const body = { workDateFrom: `${from} 00:00:00`, workDateTo: `${to} 00:00:00`, userIdList: [...userIds], offset, limit: RESULT_PAGE, isI18n: false };
  const r = await read(c, 'attendanceList', body, resultsAnswer, opts);
  return { rows: r.recordresult, more: r.hasMore };
}

const groupsAnswer = z.looseObject({ result: z.looseObject({ has_more: z.boolean().default(false), groups: z.array(groupSchema).default([]) }) });

export const GROUP_PAGE = 10;

export async function getSimpleGroups(c: DingtalkClient, offset: number, opts: CallOptions = {}): Promise<{ groups: RawGroup[]; more: boolean }> {
  const r = (await read(c, 'getSimpleGroups', { offset, size: GROUP_PAGE }, groupsAnswer, opts)).result;
  return { groups: r.groups, more: r.has_more };
}

/** Every group, all pages. */
export async function getAllGroups(c: DingtalkClient, opts: CallOptions = {}): Promise<RawGroup[]> {
  const out: RawGroup[] = [];
  for (let offset = 0; ; offset += GROUP_PAGE) {
    const page = await getSimpleGroups(c, offset, opts);
    out.push(...page.groups);
    if (!page.more || page.groups.length === 0) return out;
  }
}

export const scheduleRowSchema = z.looseObject({
  userid: z.string().min(1),
  work_date: z.string(),
  is_rest: z.string().optional().catch(undefined),
  shift_id: idLike.optional().catch(undefined),
  group_id: idLike.optional().catch(undefined),
});
export type RawScheduleRow = z.infer<typeof scheduleRowSchema>;

const schedulesAnswer = z.looseObject({ result: z.array(scheduleRowSchema).default([]) });

/** Schedules of ≤ 50 users over ≤ 7 days (§5.7 listbyusers); `opUser` is an admin user id. */
export async function listSchedulesByUsers(c: DingtalkClient, opUser: string, userIds: readonly string[], from: string, to: string, opts: CallOptions = {}): Promise<RawScheduleRow[]> {
  const body = { op_user_id: opUser, userids: userIds.join(','), from_date_time: startOfDay(from, c.timezone), to_date_time: startOfDay(to, c.timezone) + 86_399_000 };
  return (await read(c, 'scheduleListByUsers', body, schedulesAnswer, opts)).result;
}

const idsAnswer = z.looseObject({ result: z.looseObject({ list: z.array(z.string()).default([]), next_cursor: numLike.optional() }) });

export const INSTANCE_PAGE = 20;

/** One page of instance ids of a process created in [startMs, endMs] (≤ 120 days, §6.1). */
export async function listInstanceIds(c: DingtalkClient, code: string, startMs: number, endMs: number, cursor: number, opts: CallOptions = {}): Promise<{ ids: string[]; next: number | null }> {
  const body = { process_code: code, start_time: startMs, end_time: endMs, size: INSTANCE_PAGE, cursor };
  const r = (await read(c, 'processInstanceListIds', body, idsAnswer, opts)).result;
  return { ids: r.list, next: r.next_cursor ?? null };
}

const instanceAnswer = z.looseObject({ process_instance: instanceSchema });

export async function getInstance(c: DingtalkClient, id: string, opts: CallOptions = {}): Promise<RawInstance> {
  return (await read(c, 'processInstanceGet', { process_instance_id: id }, instanceAnswer, opts)).process_instance;
}

const userInfoAnswer = z.looseObject({ result: z.looseObject({ userid: z.string().min(1) }) });

/** Free login: a one-time auth code from the H5/mini app → the user's id. */
export async function userIdByAuthCode(c: DingtalkClient, code: string, opts: CallOptions = {}): Promise<string> {
  return (await read(c, 'getUserInfoByCode', { code }, userInfoAnswer, opts)).result.userid;
}
