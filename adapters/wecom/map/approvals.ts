import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { ApprovalContent, ApprovalDetail } from '../client-schemas.js';

type RequestChange = Extract<LedgerChangeInput, { kind: 'request' }>;
type Status = RequestChange['status'];

/**
 * Form status (§10): 1 审批中, 2 已通过, 3 已驳回, 4 已撤销 (withdrawn before a decision),
 * 6 通过后撤销 (revoked after approval), 7 已删除, 10 已支付 (an approved reimbursement).
 */
const STATUS: Record<number, Status> = { 1: 'pending', 2: 'approved', 3: 'rejected', 4: 'cancelled', 6: 'revoked', 7: 'cancelled', 10: 'approved' };
const NODE: Record<number, string> = { 1: 'pending', 2: 'approved', 3: 'rejected', 4: 'transferred' };

/** Vacation names as WeCom ships them → ledger leave subtypes; 调休 is its own request type. */
const VACATION_SUBTYPE: Record<string, string> = {
  年假: 'annual', 事假: 'personal', 病假: 'sick', 婚假: 'marriage', 丧假: 'bereavement', 陪产假: 'paternity', 产假: 'maternity', 产检假: 'prenatal', 哺乳假: 'nursing',
};
const TIME_OFF = /调休/;
/** Attendance control `type` (§4.2): 1 请假, 2 补卡, 3 出差, 4 外出, 5 加班. 外勤 forms use type 4 under their own template name. */
const ATTENDANCE_TYPE: Record<number, RequestChange['type']> = { 1: 'leave', 2: 'correction', 3: 'trip', 4: 'outing', 5: 'overtime' };

type DateRange = NonNullable<NonNullable<ApprovalContent['value']['attendance']>['date_range']>;
type Unit = RequestChange['unit'];

/**
 * The exact interval of a date_range. Hour forms carry instants; day and half-day forms end one
 * second before their boundary (23:59:59 / 11:59:59), which becomes the half-open boundary itself.
 */
export function intervalOf(r: DateRange): { startAt: number; endAt: number; unit: Unit; durationMinutes: number | null } {
  const unit: Unit = r.type === 'hour' ? 'hour' : r.type === 'day' ? 'day' : 'halfday';
  const end = unit !== 'hour' && r.new_end % 60 === 59 ? r.new_end + 1 : r.new_end;
  return { startAt: r.new_begin * 1000, endAt: Math.max(end, r.new_begin) * 1000, unit, durationMinutes: r.new_duration === undefined ? null : Math.round(r.new_duration / 60) };
}

function vacationSubtype(option: { key: string; value: { text?: string | undefined }[] }): { type: RequestChange['type']; subtype: string | null } {
  const name = option.value.find((v) => v.text)?.text ?? '';
  if (TIME_OFF.test(name)) return { type: 'time_off', subtype: null };
  return { type: 'leave', subtype: VACATION_SUBTYPE[name] ?? `vacation_${option.key}`.slice(0, 32) };
}

interface Kind {
  type: RequestChange['type'];
  subtype: string | null;
  interval: ReturnType<typeof intervalOf>;
}

/** The form's attendance meaning, from its Vacation, Attendance or PunchCorrection control. */
function kindOf(info: ApprovalDetail): Kind | null {
  for (const c of info.apply_data.contents) {
    const v = c.value;
    if (c.control === 'Vacation' && v.vacation) {
      const option = v.vacation.selector.options[0];
      if (!option) continue;
      return { ...vacationSubtype(option), interval: intervalOf(v.vacation.attendance.date_range) };
    }
    if (c.control === 'Attendance' && v.attendance) {
      let type = ATTENDANCE_TYPE[v.attendance.type ?? 0] ?? null;
      if (type === null) continue;
      if (type === 'outing' && info.sp_name.includes('外勤')) type = 'field';
      return { type, subtype: null, interval: intervalOf(v.attendance.date_range) };
    }
    if (c.control === 'PunchCorrection' && v.punch_correction) {
      const at = v.punch_correction.time * 1000;
      return { type: 'correction', subtype: null, interval: { startAt: at, endAt: at, unit: 'hour', durationMinutes: null } };
    }
  }
  return null;
}

function reasonOf(info: ApprovalDetail): string | null {
  const text = info.apply_data.contents.find((c) => (c.control === 'Textarea' || c.control === 'Text') && c.value.text)?.value.text;
  return text ? text.slice(0, 500) : null;
}

/** getapprovaldetail `info` → a request change; null for forms without an attendance control (reimbursements…). */
export function mapApproval(info: ApprovalDetail): RequestChange | null {
  const kind = kindOf(info);
  if (kind === null) return null;
  const status = STATUS[info.sp_status] ?? 'pending';
  const approvers = info.sp_record.flatMap((node) =>
    node.details.map((d) => ({ externalUserId: d.approver.userid, decision: NODE[d.sp_status] ?? String(d.sp_status), at: d.sptime ? d.sptime * 1000 : null })),
  ).filter((a) => a.externalUserId !== '');
  const acted = approvers.map((a) => a.at ?? 0).reduce((m, x) => Math.max(m, x), 0);
  return {
    kind: 'request',
    externalUserId: info.applyer.userid,
    externalId: info.sp_no,
    type: kind.type,
    subtype: kind.subtype,
    startAt: kind.interval.startAt,
    endAt: kind.interval.endAt,
    unit: kind.interval.unit,
    durationMinutes: kind.interval.durationMinutes,
    status,
    reason: reasonOf(info),
    approvers,
    submittedAt: info.apply_time * 1000,
    decidedAt: status === 'pending' || acted === 0 ? null : acted,
    raw: { sp_no: info.sp_no, sp_name: info.sp_name, sp_status: info.sp_status, template_id: info.template_id ?? null },
  };
}
