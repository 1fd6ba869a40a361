import type { SandboxApproval } from '../../../src/sandbox/company.js';
import type { LocalCalendar } from '../../../src/sandbox/calendar.js';
import { ATTENDANCE_TYPE, TEMPLATES, vacationOf } from './vacations.js';
import type { WecomSandboxState } from './state.js';

const HALF_DAY = 43_200;

/** Form status (§10): 1 审批中, 2 已通过, 3 已驳回, 4 已撤销. */
export const SP_STATUS: Record<SandboxApproval['status'], number> = { pending: 1, approved: 2, rejected: 3, revoked: 4 };
/** Approver node status: 1 审批中, 2 已同意, 3 已驳回 (a revoked form's node was never acted on). */
const NODE_STATUS: Record<SandboxApproval['status'], number> = { pending: 1, approved: 2, rejected: 3, revoked: 1 };
/** StatuChangeEvent for the form's latest change: 1 提单, 2 同意, 3 驳回, 6 撤销. */
export const STATUS_CHANGE_EVENT: Record<SandboxApproval['status'], number> = { pending: 1, approved: 2, rejected: 3, revoked: 6 };

const zh = (text: string) => [{ text, lang: 'zh_CN' }];
const sec = (ms: number) => Math.floor(ms / 1000);

/** Per-day slices of an interval; day- and half-day-based forms count whole or half days (86400/43200 s). */
function sliceInfo(a: SandboxApproval, cal: LocalCalendar) {
  const items: { daytime: number; duration: number }[] = [];
  for (let d = cal.dateOf(a.start); ; ) {
    const mid = cal.midnight(d);
    const next = mid + 86_400_000;
    const overlap = Math.max(0, Math.min(a.end, next) - Math.max(a.start, mid));
    if (overlap > 0) {
      const duration = a.unit === 'hour' ? sec(overlap) : Math.max(1, Math.round(overlap / (HALF_DAY * 1000))) * HALF_DAY;
      items.push({ daytime: sec(mid), duration: Math.min(duration, 86_400) });
    }
    if (next >= a.end) break;
    d = cal.dateOf(next);
  }
  return { day_items: items, duration: items.reduce((s, x) => s + x.duration, 0), state: 1 };
}

/** `date_range`: hour forms keep the instants; day/half-day forms end one second before the boundary (as WeCom shows 23:59:59). */
export function dateRangeOf(a: SandboxApproval, cal: LocalCalendar) {
  const slices = sliceInfo(a, cal);
  return {
    date_range: { type: a.unit === 'hour' ? 'hour' : 'halfday', new_begin: sec(a.start), new_end: a.unit === 'hour' ? sec(a.end) : sec(a.end) - 1, new_duration: slices.duration },
    slice_info: slices,
  };
}

function formControl(a: SandboxApproval, cal: LocalCalendar) {
  if (a.type === 'correction') {
    const day = a.workDate ?? cal.dateOf(a.start);
    return { control: 'PunchCorrection', id: 'PunchCorrection-1570550400001', title: zh('补卡'), value: { punch_correction: { state: '缺卡', time: sec(a.start), version: 1, daymonthyear: sec(cal.midnight(day)) } } };
  }
  const { date_range, slice_info } = dateRangeOf(a, cal);
  const attendance = { date_range, type: ATTENDANCE_TYPE[a.type], slice_info };
  const vacation = vacationOf(a);
  if ((a.type === 'leave' || a.type === 'time_off') && vacation) {
    return {
      control: 'Vacation',
      id: 'vacation-1563793073898',
      title: zh('请假类型'),
      value: { vacation: { selector: { type: 'single', options: [{ key: String(vacation.id), value: zh(vacation.name) }], exp_type: 0 }, attendance } },
    };
  }
  return { control: 'Attendance', id: 'attendance-1569580000001', title: zh(TEMPLATES[a.type].name), value: { attendance } };
}

/** The `info` object of getapprovaldetail (§4.2, §11.2). */
export function approvalDetail(state: WecomSandboxState, a: SandboxApproval) {
  const applicant = state.employees.get(a.employeeKey);
  const acted = a.decidedAt !== null && a.status !== 'revoked';
  return {
    sp_no: a.id,
    sp_name: TEMPLATES[a.type].name,
    sp_status: SP_STATUS[a.status],
    template_id: TEMPLATES[a.type].id,
    apply_time: sec(a.createdAt),
    applyer: { userid: a.employeeKey, partyid: String(applicant?.departmentId ?? 1) },
    sp_record: [
      {
        sp_status: NODE_STATUS[a.status],
        approverattr: 1,
        details: [{ approver: { userid: a.approverKey }, speech: a.status === 'rejected' ? '不符合规定' : '', sp_status: NODE_STATUS[a.status], sptime: acted ? sec(a.decidedAt ?? 0) : 0, media_id: [] }],
      },
    ],
    notifyer: [],
    apply_data: {
      contents: [
        formControl(a, state.cal),
        { control: 'Textarea', id: 'item-1497581399901', title: zh('事由'), value: { text: a.reason, tips: [], members: [], departments: [], files: [], children: [], stat_field: [] } },
      ],
    },
    comments: [],
  };
}
