import type { Router } from 'express';
import type { SandboxApproval } from '../../../src/sandbox/company.js';
import { wecomApis } from '../descriptor.js';
import { approvalDetail, dateRangeOf, SP_STATUS } from './approval-render.js';
import { employeeOr60111 } from './directory.js';
import { timeWindow, type Json, wecomRoute, WecomError } from './http.js';
import type { WecomSandboxState } from './state.js';
import { TEMPLATES, VACATIONS, vacationById, vacationOf } from './vacations.js';

const FILTER_KEYS = new Set(['template_id', 'creator', 'department', 'sp_status', 'record_type']);

function filterMatcher(state: WecomSandboxState, raw: unknown): (a: SandboxApproval) => boolean {
  if (raw === undefined) return () => true;
  if (!Array.isArray(raw)) throw new WecomError(301025, 'invalid filters');
  const byKey = new Map<string, Set<string>>();
  for (const f of raw as unknown[]) {
    const { key, value } = (f ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || !FILTER_KEYS.has(key) || (typeof value !== 'string' && typeof value !== 'number')) throw new WecomError(301025, 'invalid filter');
    byKey.set(key, (byKey.get(key) ?? new Set()).add(String(value)));
  }
  // Different keys AND, same key OR (§4.1).
  const value: Record<string, (a: SandboxApproval) => string> = {
    template_id: (a) => TEMPLATES[a.type].id,
    creator: (a) => a.employeeKey,
    department: (a) => String(state.employees.get(a.employeeKey)?.departmentId ?? ''),
    sp_status: (a) => String(SP_STATUS[a.status]),
    record_type: (a) => String(TEMPLATES[a.type].recordType),
  };
  return (a) => [...byKey].every(([k, allowed]) => allowed.has(value[k]?.(a) ?? ''));
}

function decodeCursor(v: unknown): number {
  if (v === undefined || v === '') return 0;
  const m = typeof v === 'string' ? /^o:(\d+)$/.exec(Buffer.from(v, 'base64url').toString('utf8')) : null;
  if (!m) throw new WecomError(301025, 'invalid new_cursor');
  return Number(m[1]);
}
const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`, 'utf8').toString('base64url');

/** Approval and vacation APIs (§4, §5). */
export function mountOa(router: Router, state: WecomSandboxState): void {
  router.all(
    wecomApis.getapprovalinfo.path,
    wecomRoute(state, 'getapprovalinfo', ({ body }) => {
      const { start, end } = timeWindow(body, wecomApis.getapprovalinfo.maxSpanDays, 301025, false);
      const size = body['size'] === undefined ? 100 : body['size'];
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > wecomApis.getapprovalinfo.maxPageSize) throw new WecomError(301025, 'size must be 1-100');
      const legacy = body['new_cursor'] === undefined && body['cursor'] !== undefined;
      const offset = legacy ? Number(body['cursor']) : decodeCursor(body['new_cursor']);
      if (!Number.isInteger(offset) || offset < 0) throw new WecomError(301025, 'invalid cursor');
      const matches = filterMatcher(state, body['filters']);
      const all = state.approvals.filter((a) => a.createdAt >= start * 1000 && a.createdAt <= end * 1000 + 999 && matches(a));
      const page = all.slice(offset, offset + size);
      const next = offset + page.length < all.length ? offset + page.length : null;
      const out: Json = { sp_no_list: page.map((a) => a.id), new_next_cursor: next === null ? '' : encodeCursor(next) };
      if (legacy) out['next_cursor'] = next ?? 0;
      return out;
    }),
  );

  router.all(
    wecomApis.getapprovaldetail.path,
    wecomRoute(state, 'getapprovaldetail', ({ body }) => {
      const spNo = body['sp_no'];
      const a = typeof spNo === 'string' || typeof spNo === 'number' ? state.approvalsById.get(String(spNo)) : undefined;
      if (!a) throw new WecomError(301025, 'invalid sp_no');
      return { info: approvalDetail(state, a) };
    }),
  );

  router.all(wecomApis.applyevent.path, wecomRoute(state, 'applyevent', ({ body, now }) => ({ sp_no: applyEvent(state, body, now) })));

  router.all(
    wecomApis.getuservacationquota.path,
    wecomRoute(state, 'getuservacationquota', ({ body }) => {
      const e = employeeOr60111(state, String(body['userid'] ?? ''));
      return { lists: VACATIONS.filter((v) => v.quotaSec !== null).map((v) => quotaOf(state, e.key, v.id)) };
    }),
  );

  router.all(
    wecomApis.setoneuserquota.path,
    wecomRoute(state, 'setoneuserquota', ({ body }) => {
      const e = employeeOr60111(state, String(body['userid'] ?? ''));
      const v = vacationById(Number(body['vacation_id']));
      if (!v) throw new WecomError(301063, 'invalid vacation_id');
      if (v.quotaSec === null) throw new WecomError(301098, 'member not in the vacation scope');
      const left = body['leftduration'];
      const step = v.timeAttr === 1 ? 360 : 8640; // 0.1 hour or 0.1 day
      const max = v.timeAttr === 1 ? 24_000 * 3600 : 1000 * 86_400;
      if (typeof left !== 'number' || !Number.isInteger(left) || left < 0 || left > max || left % step !== 0) throw new WecomError(301063, 'invalid leftduration');
      if (body['time_attr'] !== v.timeAttr) throw new WecomError(301063, 'time_attr does not match the vacation');
      const remarks = body['remarks'];
      if (remarks !== undefined && (typeof remarks !== 'string' || [...remarks].length > 200)) throw new WecomError(301063, 'remarks too long');
      state.quotaOverrides.set(`${e.key}|${v.id}`, left);
      state.writes.setoneuserquota++;
      return {};
    }),
  );
}

function quotaOf(state: WecomSandboxState, userid: string, vacationId: number) {
  const v = vacationById(vacationId);
  const assigned = v?.quotaSec ?? 0;
  const used = state
    .approvalsOf(userid)
    .filter((a) => a.status === 'approved' && vacationOf(a)?.id === vacationId)
    .reduce((s, a) => s + dateRangeOf(a, state.cal).date_range.new_duration, 0);
  const left = state.quotaOverrides.get(`${userid}|${vacationId}`) ?? Math.max(0, assigned - used);
  return { id: vacationId, assignduration: assigned, usedduration: used, leftduration: left, vacationname: v?.name ?? '', real_assignduration: assigned };
}

/** applyevent: validates like §4.3 and files a pending form that later pulls and details show. */
function applyEvent(state: WecomSandboxState, body: Json, now: number): string {
  const creator = state.employees.get(String(body['creator_userid'] ?? ''));
  if (!creator) throw new WecomError(301055, 'creator not visible');
  const kind = (Object.keys(TEMPLATES) as SandboxApproval['type'][]).find((k) => TEMPLATES[k].id === body['template_id'] && k !== 'time_off');
  if (!kind || kind === 'correction') throw new WecomError(301025, 'invalid template_id (打卡补卡 cannot be submitted through the API)');
  const approvers = Array.isArray(body['approver']) ? (body['approver'] as { userid?: unknown }[]) : [];
  const first = approvers.flatMap((x) => (Array.isArray(x.userid) ? x.userid : [])).find((u): u is string => typeof u === 'string');
  if (body['use_template_approver'] !== 1 && !first) throw new WecomError(301025, 'approver required when use_template_approver is 0');
  if (first && !state.employees.has(first)) throw new WecomError(301025, 'unknown approver');
  const summary = body['summary_list'];
  if (summary !== undefined && (!Array.isArray(summary) || summary.length > 3)) throw new WecomError(301025, 'summary_list: at most 3 lines');
  const contents = (body['apply_data'] as { contents?: unknown } | undefined)?.contents;
  if (!Array.isArray(contents)) throw new WecomError(301025, 'apply_data.contents required');
  const control = (contents as { control?: unknown; value?: Record<string, unknown> }[]).find((c) => c.control === 'Vacation' || c.control === 'Attendance');
  const att = (control?.control === 'Vacation' ? (control.value?.['vacation'] as Record<string, unknown> | undefined)?.['attendance'] : control?.value?.['attendance']) as
    | { date_range?: { type?: unknown; new_begin?: unknown; new_end?: unknown } }
    | undefined;
  const dr = att?.date_range;
  const begin = Number(dr?.new_begin);
  const endRaw = Number(dr?.new_end);
  if (!dr || !Number.isInteger(begin) || !Number.isInteger(endRaw) || endRaw <= begin) throw new WecomError(301025, 'a Vacation or Attendance control with a valid date_range is required');
  const unit: SandboxApproval['unit'] = dr.type === 'hour' ? 'hour' : 'halfday';
  const end = unit === 'hour' ? endRaw : endRaw + 1;
  let type = kind;
  let subtype: string | undefined;
  if (control?.control === 'Vacation') {
    const key = ((control.value?.['vacation'] as { selector?: { options?: { key?: unknown }[] } })?.selector?.options ?? [])[0]?.key;
    const v = vacationById(Number(key));
    if (!v) throw new WecomError(301025, 'unknown vacation');
    type = v.subtype === 'time_off' ? 'time_off' : 'leave';
    if (v.subtype !== 'time_off') subtype = v.subtype;
  }
  const clash = state.approvalsOf(creator.key).some(
    (a) => (a.type === 'leave' || a.type === 'time_off') && (type === 'leave' || type === 'time_off') && (a.status === 'approved' || a.status === 'pending') && a.start < end * 1000 && begin * 1000 < a.end,
  );
  if (clash) throw new WecomError(301079, 'leave time conflict');
  const approval: SandboxApproval = { id: state.nextSpNo(now), employeeKey: creator.key, type, start: begin * 1000, end: end * 1000, unit, status: 'pending', createdAt: now, decidedAt: null, approverKey: first ?? creator.key, reason: 'API提交' };
  if (subtype) approval.subtype = subtype;
  state.addApproval(approval);
  state.writes.applyevent++;
  return approval.id;
}
