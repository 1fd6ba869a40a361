/**
 * The company's approvals as DingTalk OA process instances (§6): one process code per type,
 * status/result pairs, approver task, operation trail and the form (`DDHolidayField` for leave,
 * §6.3; an attendance `DDBizSuite` for the others).
 */
import type { SandboxApproval, SandboxCompany } from '../../../../src/sandbox/company.js';
import type { LocalCalendar } from '../../../../src/sandbox/calendar.js';
import { formatLocal } from '../params.js';
import type { ApprovalType, DingtalkIds } from './ids.js';

export type InstanceStatus = 'RUNNING' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstance {
  approval: SandboxApproval;
  id: string;
  processCode: string;
  status: InstanceStatus;
  /** '' while running and after revoke (terminate); agree/refuse once decided. */
  result: '' | 'agree' | 'refuse';
  title: string;
  businessId: string;
  deptId: number;
  deptName: string;
}

/** Chinese tag per type, as used in forms, write-backs and events. */
export const typeTags: Record<ApprovalType, { tag: string; bizCategoryId: string; bizType: 1 | 2 | 3 }> = {
  leave: { tag: '请假', bizCategoryId: 'attendance.leave', bizType: 3 },
  overtime: { tag: '加班', bizCategoryId: 'attendance.batchovertime', bizType: 1 },
  correction: { tag: '补卡', bizCategoryId: 'attendance.supply', bizType: 3 },
  trip: { tag: '出差', bizCategoryId: 'alitrip.business', bizType: 2 },
  outing: { tag: '外出', bizCategoryId: 'attendance.goout', bizType: 2 },
  time_off: { tag: '调休', bizCategoryId: 'attendance.leave', bizType: 3 },
  field: { tag: '外勤', bizCategoryId: 'attendance.goout', bizType: 2 },
};

const leaveNames: Record<string, string> = { annual: '年假', sick: '病假', personal: '事假', marriage: '婚假', bereavement: '丧假', paternity: '陪产假' };

export function leaveName(a: SandboxApproval): string {
  if (a.type === 'time_off') return '调休';
  return leaveNames[a.subtype ?? 'personal'] ?? '事假';
}

export class InstanceIndex {
  readonly byId = new Map<string, ProcessInstance>();
  /** Per process code, ordered by create time (listids pages in this order). */
  readonly byCode = new Map<string, ProcessInstance[]>();

  constructor(
    company: SandboxCompany,
    readonly ids: DingtalkIds,
  ) {
    const names = new Map(company.employees.map((e) => [e.key, e]));
    const depts = new Map(company.departments.map((d) => [d.id, d.name]));
    for (const a of [...company.approvals].sort((x, y) => x.createdAt - y.createdAt)) {
      const emp = names.get(a.employeeKey);
      const status: InstanceStatus = a.status === 'pending' ? 'RUNNING' : a.status === 'revoked' ? 'TERMINATED' : 'COMPLETED';
      const result = a.status === 'approved' ? 'agree' : a.status === 'rejected' ? 'refuse' : '';
      const pi: ProcessInstance = {
        approval: a,
        id: ids.processInstanceId(a.id),
        processCode: ids.processCodes[a.type],
        status,
        result,
        title: `${emp?.name ?? a.employeeKey}提交的${typeTags[a.type].tag}`,
        businessId: ids.businessId(a.id),
        deptId: emp?.departmentId ?? 1,
        deptName: depts.get(emp?.departmentId ?? 1) ?? '',
      };
      this.byId.set(pi.id, pi);
      const list = this.byCode.get(pi.processCode);
      if (list) list.push(pi);
      else this.byCode.set(pi.processCode, [pi]);
    }
  }
}

type Unit = 'day' | 'halfDay' | 'hour';
const unitOf = (a: SandboxApproval): Unit => (a.unit === 'halfday' ? 'halfDay' : a.unit);

/** Start/end text in the unit's format (§6.3): hour → `yyyy-MM-dd HH:mm`, day → date, halfDay → date + 上午/下午. */
function endpoint(ms: number, unit: Unit, zone: string): string {
  if (unit === 'hour') return formatLocal(ms, zone, 'yyyy-MM-dd HH:mm');
  const date = formatLocal(ms, zone, 'yyyy-MM-dd');
  if (unit === 'day') return date;
  return `${date} ${Number(formatLocal(ms, zone, 'H')) < 12 ? '上午' : '下午'}`;
}

/** Duration in the form's unit: hours (2 decimals) or days, half days counting 0.5. */
function duration(a: SandboxApproval, unit: Unit, cal: LocalCalendar): { inUnit: number; hours: number; days: number } {
  const hours = Math.round(((a.end - a.start) / 3_600_000) * 100) / 100;
  const first = cal.dateOf(a.start);
  const last = cal.dateOf(Math.max(a.start, a.end - 1));
  const dates = Math.round((cal.midnight(last) - cal.midnight(first)) / 86_400_000) + 1;
  const days = unit === 'halfDay' && hours <= 6 ? 0.5 : unit === 'hour' ? Math.round((hours / 8) * 100) / 100 : dates;
  return { inUnit: unit === 'hour' ? hours : days, hours, days };
}

export interface FormComponent {
  component_type: string;
  name: string;
  id: string;
  value: string;
  ext_value?: string;
}

export function formComponents(pi: ProcessInstance, corpId: string, cal: LocalCalendar): FormComponent[] {
  const a = pi.approval;
  const zone = cal.timezone;
  const unit = unitOf(a);
  const d = duration(a, unit, cal);
  const start = endpoint(a.start, unit, zone);
  // Day and half-day intervals end at an exclusive boundary; the form names the last day/half inclusively.
  const end = endpoint(unit === 'hour' ? a.end : a.end - 1, unit, zone);
  const reason: FormComponent = { component_type: 'TextareaField', name: `${typeTags[a.type].tag}事由`, id: 'TextareaField-REASON', value: a.reason };
  if (a.type === 'leave' || a.type === 'time_off') {
    const name = leaveName(a);
    const leaveCode = `${a.type === 'time_off' ? 'lieu' : (a.subtype ?? 'personal')}_leave_code`;
    const ext = {
      durationInHour: d.hours,
      durationInDay: d.days,
      unit,
      detailList: [],
      compressedValue: '',
      pushTag: '请假',
      extension: JSON.stringify({ tag: name }),
      key: leaveCode,
      leaveParams: [corpId, leaveCode, start, end, a.employeeKey],
    };
    return [
      {
        component_type: 'DDHolidayField',
        name: JSON.stringify(['开始时间', '结束时间']),
        id: 'DDHolidayField-LEAVE',
        value: JSON.stringify([start, end, d.inUnit, unit, name, '请假类型']),
        ext_value: JSON.stringify(ext),
      },
      reason,
    ];
  }
  // The read-back shape of attendance suites is not documented (§6.3); we expose the same
  // six-item array as DDHolidayField so a client has one parser.
  return [
    {
      component_type: 'DDBizSuite',
      name: JSON.stringify(['开始时间', '结束时间']),
      id: `DDBizSuite-${a.type.toUpperCase()}`,
      value: JSON.stringify([start, end, d.inUnit, unit, typeTags[a.type].tag, typeTags[a.type].bizCategoryId]),
      ext_value: JSON.stringify({ bizType: typeTags[a.type].bizCategoryId, workDate: a.workDate ?? null }),
    },
    reason,
  ];
}
