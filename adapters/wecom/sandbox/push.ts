import { randomBytes } from 'node:crypto';
import type { EncodableFields } from '../callback-format.js';
import { encodeEvent } from '../codec.js';
import { wecomDescriptor } from '../descriptor.js';
import { approvalDetail, STATUS_CHANGE_EVENT } from './approval-render.js';
import type { WecomSandboxState } from './state.js';

export type PushKind = 'approvals' | 'checkins' | 'contacts' | 'all';
export interface PushResult {
  events: number;
  delivered: number;
  failed: number;
  attempts: number;
}

const sec = (ms: number) => Math.floor(ms / 1000);

/** The events a real corp would have sent for the company's data (§4.5, §6, §3.11). */
export function buildEvents(state: WecomSandboxState, kind: PushKind): EncodableFields[] {
  const { company, creds } = state;
  const head = (createTime: number) => ({ ToUserName: creds.corpId, FromUserName: 'sys', CreateTime: createTime, MsgType: 'event' });
  const out: EncodableFields[] = [];
  if (kind === 'contacts' || kind === 'all') {
    const t = sec(state.cal.midnight(company.from));
    for (const d of company.departments) out.push({ ...head(t), Event: 'change_contact', ChangeType: 'create_party', Id: d.id, Name: d.name, ParentId: String(d.parentId ?? 0), Order: 1 });
    for (const e of company.employees) {
      out.push({ ...head(t), Event: 'change_contact', ChangeType: 'create_user', UserID: e.key, Name: e.name, Department: String(e.departmentId), MainDepartment: e.departmentId, IsLeaderInDept: '0', Position: e.position, Mobile: e.mobile, Gender: 0, Email: e.email, Status: 1 });
    }
  }
  if (kind === 'approvals' || kind === 'all') {
    for (const a of state.approvals) {
      const d = approvalDetail(state, a);
      const record = d.sp_record[0];
      const detail = record?.details[0];
      out.push({
        ...head(sec(a.decidedAt ?? a.createdAt)),
        Event: 'sys_approval_change',
        AgentID: Number(creds.agentId),
        ApprovalInfo: {
          SpNoStr: d.sp_no,
          SpNo: Number(d.sp_no),
          SpName: d.sp_name,
          SpStatus: d.sp_status,
          TemplateId: d.template_id,
          ApplyTime: d.apply_time,
          Applyer: { UserId: d.applyer.userid, Party: d.applyer.partyid },
          SpRecord: { SpStatus: record?.sp_status ?? 1, ApproverAttr: 1, Details: { Approver: { UserId: detail?.approver.userid ?? '' }, Speech: detail?.speech ?? '', SpStatus: detail?.sp_status ?? 1, SpTime: detail?.sptime ?? 0 } },
          StatuChangeEvent: STATUS_CHANGE_EVENT[a.status],
        },
      });
    }
  }
  if (kind === 'checkins' || kind === 'all') {
    // The only documented punch push is the device report (§3.11): one event per device and day.
    const batches = new Map<string, { sn: string; items: EncodableFields[]; last: number }>();
    for (const e of company.employees) {
      for (const p of state.punchesOf(e.key)) {
        if (!p.deviceSn) continue;
        const key = `${p.deviceSn}|${state.cal.dateOf(p.at)}`;
        const b = batches.get(key) ?? { sn: p.deviceSn, items: [], last: 0 };
        b.items.push({ OpenUserId: e.key, UserType: 0, CheckinTime: sec(p.at) });
        b.last = Math.max(b.last, p.at);
        batches.set(key, b);
      }
    }
    for (const b of batches.values()) out.push({ ...head(sec(b.last)), Event: 'device_checkin_data_report', DeviceSn: b.sn, CheckInDataList: { Item: b.items } });
  }
  return out;
}

async function deliverOne(url: string, body: string, query: Record<string, string>, contentType: string, timeoutMs: number): Promise<boolean> {
  const target = new URL(url);
  for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
  try {
    const res = await fetch(target, { method: 'POST', body, headers: { 'content-type': contentType }, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Sends encrypted, signed callbacks like WeCom: 5 s timeout, any non-200 or timeout is re-sent up
 * to 3 more times; a few deliveries run concurrently.
 */
export async function pushCallbacks(state: WecomSandboxState, url: string, kind: PushKind, opts: { retryDelayMs?: number; timeoutMs?: number; concurrency?: number } = {}): Promise<PushResult> {
  const events = buildEvents(state, kind);
  const cfg = { token: state.creds.callbackToken, encodingAesKey: state.creds.encodingAesKey, corpId: state.creds.corpId };
  const result: PushResult = { events: events.length, delivered: 0, failed: 0, attempts: 0 };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const fields = events[next++] as EncodableFields;
      const enc = encodeEvent(fields, cfg, sec(state.now()), randomBytes(6).toString('hex'), { agentId: state.creds.agentId });
      let ok = false;
      for (let attempt = 0; attempt <= wecomDescriptor.callbackRetries && !ok; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, (opts.retryDelayMs ?? 500) * attempt));
        result.attempts++;
        ok = await deliverOne(url, enc.body, enc.query, enc.contentType, opts.timeoutMs ?? wecomDescriptor.callbackTimeoutMs);
      }
      if (ok) result.delivered++;
      else result.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, worker));
  return result;
}
