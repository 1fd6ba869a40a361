/** §6.1/6.2: approval instance ids (old listids, v1.0 instanceIds/query) and instance details (old get, v1.0 GET). */
import { Router } from 'express';
import { dingtalkApis } from '../../descriptor.js';
import type { V1ErrorCode } from '../../errors.js';
import { bodyOf, formatLocal, optInt, optList, reqInt, reqString } from '../params.js';
import { type ApiError, badParam, sendOapi } from '../respond.js';
import type { SandboxState } from '../state.js';
import { formComponents, type InstanceStatus, type ProcessInstance } from '../views/instances.js';

const DAY_MS = 86_400_000;

interface IdsQuery {
  code: string;
  start: number;
  end: number | undefined;
  userIds: string[] | undefined;
  statuses: string[] | undefined;
  cursor: number;
  size: number;
}

/** Shared rules of both listing APIs (§6.1); violations carry the v1.0 code and 40035 for oapi. */
function queryIds(s: SandboxState, q: IdsQuery): { list: string[]; next: number | undefined } {
  const lim = dingtalkApis.processInstanceListIds.limits;
  const fail = (v1: V1ErrorCode, msg: string): ApiError => badParam(msg, v1);
  // A process the org has (a known template) lists its instances, possibly none; an unknown code fails.
  const known = Object.values(s.ids.processCodes).includes(q.code);
  const all = s.instances.byCode.get(q.code) ?? (known ? [] : undefined);
  if (!all) throw fail('invalidProcessCode', 'process_code does not exist');
  if (q.size < 1 || q.size > lim.maxPageSize) throw fail('invalidMaxResults', `size must be 1..${lim.maxPageSize}`);
  if (q.userIds && q.userIds.length > lim.maxUsers) throw fail('invalidUserIds', `at most ${lim.maxUsers} userids`);
  if (q.cursor < 0 || q.cursor > lim.maxItems) throw fail('invalidNextToken', 'cursor is invalid');
  const now = s.clock.now();
  if (q.end === undefined) {
    if (q.start < now - lim.maxSpanDays * DAY_MS) throw fail('invalidInstanceListIdsStartTime', 'start_time must be within 120 days');
  } else {
    if (q.end < q.start || q.end - q.start > lim.maxSpanDays * DAY_MS) throw fail('invalidEndTime', 'the window must be 0..120 days');
    if (q.start < now - lim.maxStartAgeDays * DAY_MS) throw fail('invalidInstanceListIdsStartTime', 'start_time must be within 365 days');
  }
  const end = q.end ?? now;
  const users = q.userIds ? new Set(q.userIds) : undefined;
  const statuses = q.statuses ? new Set(q.statuses) : undefined;
  const hits = all.filter(
    (pi) => pi.approval.createdAt >= q.start && pi.approval.createdAt <= end && (!users || users.has(pi.approval.employeeKey)) && (!statuses || statuses.has(pi.status)),
  );
  // At most 10 000 ids can be paged through per query.
  const reachable = hits.slice(0, lim.maxItems);
  const list = reachable.slice(q.cursor, q.cursor + q.size).map((pi) => pi.id);
  const next = q.cursor + q.size < reachable.length ? q.cursor + q.size : undefined;
  return { list, next };
}

const taskStatus = (st: InstanceStatus, pending: boolean): string => (pending ? 'RUNNING' : st === 'TERMINATED' ? 'CANCELED' : 'COMPLETED');

/** Task and operation trail of one instance, family-neutral; rendered below in snake or camel case. */
function trail(pi: ProcessInstance): {
  task: { userId: string; status: string; result: string; createTime: number; finishTime: number | null; taskId: number };
  ops: { userId: string; date: number; type: string; result: string; remark: string }[];
} {
  const a = pi.approval;
  const pending = a.status === 'pending';
  const decided = a.decidedAt ?? a.createdAt;
  const ops = [{ userId: a.employeeKey, date: a.createdAt, type: 'START_PROCESS_INSTANCE', result: 'NONE', remark: '' }];
  if (a.status === 'approved' || a.status === 'rejected') {
    ops.push({ userId: a.approverKey, date: decided, type: 'EXECUTE_TASK_NORMAL', result: a.status === 'approved' ? 'AGREE' : 'REFUSE', remark: '' });
  } else if (a.status === 'revoked') {
    ops.push({ userId: a.employeeKey, date: decided, type: 'TERMINATE_PROCESS_INSTANCE', result: 'NONE', remark: '撤销' });
  }
  const result = a.status === 'approved' ? 'AGREE' : a.status === 'rejected' ? 'REFUSE' : 'NONE';
  const taskId = 66_738_000 + Number.parseInt(pi.id.slice(0, 6), 16);
  return { task: { userId: a.approverKey, status: taskStatus(pi.status, pending), result, createTime: a.createdAt, finishTime: pending ? null : decided, taskId }, ops };
}

export function approvalRoutes(s: SandboxState): Router {
  const r = Router();
  const zone = s.cal.timezone;
  const fmt = (ms: number): string => formatLocal(ms, zone);
  // v1.0 workflow times: UTC, minute precision, e.g. 2022-08-31T11:52Z.
  const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16)}Z`;
  const find = (id: string): ProcessInstance => {
    const pi = s.instances.byId.get(id);
    if (!pi) throw badParam(`process instance ${id} does not exist`, 'invalidProcessInstanceId');
    return pi;
  };

  r.post(dingtalkApis.processInstanceListIds.path, (req, res) => {
    const b = bodyOf(req.body);
    const { list, next } = queryIds(s, {
      code: reqString(b, 'process_code'),
      start: reqInt(b, 'start_time'),
      end: optInt(b, 'end_time'),
      userIds: optList(b, 'userid_list'),
      statuses: undefined,
      cursor: optInt(b, 'cursor') ?? 0,
      size: optInt(b, 'size') ?? dingtalkApis.processInstanceListIds.limits.maxPageSize,
    });
    sendOapi(req, res, { result: { list, ...(next !== undefined ? { next_cursor: next } : {}) } });
  });

  r.post(dingtalkApis.instanceIdsQueryV1.path, (req, res) => {
    const b = bodyOf(req.body);
    const token = optInt(b, 'nextToken', 'invalidNextToken');
    if (token === undefined) throw badParam('nextToken is required', 'invalidNextToken');
    const { list, next } = queryIds(s, {
      code: reqString(b, 'processCode', 'invalidProcessCode'),
      start: reqInt(b, 'startTime', 'invalidInstanceListIdsStartTime'),
      end: optInt(b, 'endTime', 'invalidEndTime'),
      userIds: optList(b, 'userIds'),
      statuses: optList(b, 'statuses'),
      cursor: token,
      size: reqInt(b, 'maxResults', 'invalidMaxResults'),
    });
    res.json({ result: { list, nextToken: next === undefined ? '' : String(next) }, success: true });
  });

  r.post(dingtalkApis.processInstanceGet.path, (req, res) => {
    const pi = find(reqString(bodyOf(req.body), 'process_instance_id'));
    const a = pi.approval;
    const { task, ops } = trail(pi);
    sendOapi(req, res, {
      process_instance: {
        title: pi.title,
        create_time: fmt(a.createdAt),
        ...(task.finishTime !== null ? { finish_time: fmt(task.finishTime) } : {}),
        originator_userid: a.employeeKey,
        originator_dept_id: pi.deptId === 1 ? '-1' : String(pi.deptId),
        originator_dept_name: pi.deptName,
        status: pi.status,
        result: pi.result,
        business_id: pi.businessId,
        approver_userids: [],
        cc_userids: [],
        biz_action: 'NONE',
        attached_process_instance_ids: [],
        form_component_values: formComponents(pi, s.cred.corpId, s.cal),
        operation_records: ops.map((o) => ({ userid: o.userId, date: fmt(o.date), operation_type: o.type, operation_result: o.result, ...(o.remark ? { remark: o.remark } : {}) })),
        tasks: [
          {
            userid: task.userId,
            task_status: task.status,
            task_result: task.result,
            create_time: fmt(task.createTime),
            ...(task.finishTime !== null ? { finish_time: fmt(task.finishTime) } : {}),
            taskid: String(task.taskId),
            activity_id: 'approve-1',
            url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?procInstId=${pi.id}`,
          },
        ],
      },
    });
  });

  r.get(dingtalkApis.processInstanceGetV1.path, (req, res) => {
    const id = typeof req.query['processInstanceId'] === 'string' ? req.query['processInstanceId'] : '';
    const pi = find(id);
    const a = pi.approval;
    const { task, ops } = trail(pi);
    res.json({
      result: {
        title: pi.title,
        createTime: iso(a.createdAt),
        ...(task.finishTime !== null ? { finishTime: iso(task.finishTime) } : {}),
        originatorUserId: a.employeeKey,
        originatorDeptId: pi.deptId === 1 ? '-1' : String(pi.deptId),
        originatorDeptName: pi.deptName,
        status: pi.status,
        result: pi.result,
        businessId: pi.businessId,
        approverUserIds: [],
        ccUserIds: [],
        bizAction: 'NONE',
        attachedProcessInstanceIds: [],
        formComponentValues: formComponents(pi, s.cred.corpId, s.cal).map((f) => ({
          id: f.id,
          name: f.name,
          value: f.value,
          ...(f.ext_value !== undefined ? { extValue: f.ext_value } : {}),
          componentType: f.component_type,
        })),
        operationRecords: ops.map((o) => ({ userId: o.userId, date: iso(o.date), type: o.type, result: o.result, ...(o.remark ? { remark: o.remark } : {}) })),
        tasks: [
          {
            taskId: task.taskId,
            userId: task.userId,
            status: task.status,
            result: task.result,
            createTime: iso(task.createTime),
            ...(task.finishTime !== null ? { finishTime: iso(task.finishTime) } : {}),
            processInstanceId: pi.id,
            activityId: 'approve-1',
          },
        ],
      },
      success: 'true',
    });
  });

  return r;
}
