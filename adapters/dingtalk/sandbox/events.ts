/**
 * The HTTP-push events (§8.5/§8.6) the sandbox can send for its company: approval instance and
 * task changes, punches, contact changes and the console's `check_url`. Flat JSON envelopes with
 * `EventType`, `EventTime`, `CorpId` and a stable `eventId` (redeliveries reuse it).
 */
import { createHash } from 'node:crypto';
import type { SandboxState } from './state.js';
import { typeTags, type ProcessInstance } from './views/instances.js';

export type PushKind = 'approvals' | 'checkins' | 'contacts' | 'check_url' | 'all';

export interface SandboxEvent {
  tag: string;
  time: number;
  payload: Record<string, unknown>;
}

const CHUNK = 100;

function chunks<T>(items: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

export function buildEvents(s: SandboxState, kind: PushKind): SandboxEvent[] {
  const corpId = s.cred.corpId;
  const eventId = (key: string): string => createHash('sha1').update(`${s.opts.seed}:${key}`).digest('hex').slice(0, 32);
  const event = (tag: string, time: number, key: string, fields: Record<string, unknown>): SandboxEvent => ({
    tag,
    time,
    payload: { EventType: tag, EventTime: time, CorpId: corpId, eventId: eventId(`${tag}:${key}`), ...fields },
  });
  const out: SandboxEvent[] = [];
  const want = (k: PushKind): boolean => kind === k || kind === 'all';

  if (kind === 'check_url') out.push({ tag: 'check_url', time: s.clock.now(), payload: { EventType: 'check_url' } });

  if (want('contacts')) {
    const now = s.clock.now();
    const depts = s.company.departments.filter((d) => d.id !== 1).map((d) => d.id);
    chunks(depts, CHUNK).forEach((ids, i) => out.push(event('org_dept_create', now, `dept:${i}`, { deptId: ids, timeStamp: String(now) })));
    const users = s.company.employees.map((e) => e.key);
    chunks(users, CHUNK).forEach((ids, i) => out.push(event('user_add_org', now, `user:${i}`, { userId: ids, timeStamp: String(now) })));
  }

  if (want('approvals')) {
    for (const pi of s.instances.byId.values()) out.push(...approvalEvents(s, pi, event));
  }

  if (want('checkins')) {
    for (const [userId, records] of s.daybook.records) {
      for (const rec of records) {
        const p = rec.punch;
        const machine = p.deviceSn !== undefined;
        out.push(
          event('attendance_check_record', p.at, p.id, {
            dataList: [
              {
                userId,
                corpId,
                checkTime: p.at,
                groupId: rec.result?.plan.groupId ?? 0,
                bizId: p.id,
                locationMethod: machine ? 'ATM' : p.wifiName !== undefined ? 'WIFI' : 'MAP',
                locationResult: p.location === 'outside' ? 'Outside' : 'Normal',
                address: machine ? `考勤机 ${p.deviceSn}` : '浙江省杭州市',
                latitude: p.lat,
                longitude: p.lng,
                ...(machine ? { deviceSN: p.deviceSn } : {}),
                checkByUser: true,
              },
            ],
          }),
        );
      }
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

type MakeEvent = (tag: string, time: number, key: string, fields: Record<string, unknown>) => SandboxEvent;

/** start (instance + approver task), then finish/terminate as the approval's status says. */
function approvalEvents(s: SandboxState, pi: ProcessInstance, event: MakeEvent): SandboxEvent[] {
  const a = pi.approval;
  const base = {
    processInstanceId: pi.id,
    processCode: pi.processCode,
    bizCategoryId: typeTags[a.type].bizCategoryId,
    businessId: pi.businessId,
    title: pi.title,
    createTime: a.createdAt,
    corpId: s.cred.corpId,
    url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?procInstId=${pi.id}`,
  };
  const taskId = `${pi.id}:task`;
  const out = [
    event('bpms_instance_change', a.createdAt, `${pi.id}:start`, { ...base, type: 'start', staffId: a.employeeKey }),
    event('bpms_task_change', a.createdAt, `${taskId}:start`, { ...base, type: 'start', staffId: a.approverKey, taskId }),
  ];
  const at = a.decidedAt ?? a.createdAt;
  if (a.status === 'approved' || a.status === 'rejected') {
    const result = a.status === 'approved' ? 'agree' : 'refuse';
    out.push(event('bpms_task_change', at, `${taskId}:finish`, { ...base, type: 'finish', result, staffId: a.approverKey, taskId, finishTime: at }));
    out.push(event('bpms_instance_change', at, `${pi.id}:finish`, { ...base, type: 'finish', result, staffId: a.employeeKey, finishTime: at }));
  } else if (a.status === 'revoked') {
    out.push(event('bpms_task_change', at, `${taskId}:cancel`, { ...base, type: 'cancel', staffId: a.approverKey, taskId, finishTime: at }));
    out.push(event('bpms_instance_change', at, `${pi.id}:terminate`, { ...base, type: 'terminate', staffId: a.employeeKey, finishTime: at }));
  }
  return out;
}

/** The failed-list item shape of §8.4: a key named after the tag holding the business data. */
export function failedItem(e: SandboxEvent, corpId: string): Record<string, unknown> {
  const { EventType: _t, EventTime: _et, CorpId: _c, eventId: _id, ...fields } = e.payload;
  let data: Record<string, unknown>;
  if (e.tag.startsWith('bpms_')) data = { bpmsCallBackData: fields, corpid: corpId };
  else if (e.tag.startsWith('user_')) data = { userid: fields['userId'], corpid: corpId };
  else if (e.tag.startsWith('org_dept_')) data = { deptid: fields['deptId'], corpid: corpId };
  else data = { ...fields, corpid: corpId };
  return { call_back_tag: e.tag, event_time: e.time, [e.tag]: data };
}
