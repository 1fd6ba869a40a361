import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { Department, WecomUser } from '../client-schemas.js';

type DepartmentChange = Extract<LedgerChangeInput, { kind: 'department' }>;
type EmployeeChange = Extract<LedgerChangeInput, { kind: 'employee' }>;

/** department/list row → department change; the root's parentid is 0. */
export function mapDepartment(d: Department): DepartmentChange {
  return { kind: 'department', externalId: String(d.id), parentExternalId: d.parentid === 0 ? null : String(d.parentid), name: d.name.slice(0, 200), sortOrder: d.order ?? 0 };
}

/** user status (§10): 1 已激活, 2 已禁用, 4 未激活, 5 退出企业. Disabled members cannot punch any more. */
const LEFT_STATUSES = new Set([2, 5]);
/** WeCom has no job-number field; corps keep it in a custom attribute. */
const JOB_NUMBER_ATTRS = new Set(['工号', '员工编号', 'Employee ID']);

const orNull = (s: string | undefined, max: number): string | null => (s ? s.slice(0, max) : null);

/** user/get answer → employee change. */
export function mapUser(u: WecomUser): EmployeeChange {
  const dept = u.main_department ?? u.department[0];
  const job = u.extattr?.attrs.find((a) => JOB_NUMBER_ATTRS.has(a.name))?.text?.value;
  return {
    kind: 'employee',
    externalUserId: u.userid,
    name: u.name.slice(0, 200),
    departmentExternalId: dept === undefined ? null : String(dept),
    jobNumber: orNull(job, 64),
    mobile: orNull(u.mobile, 32),
    email: orNull(u.email, 200),
    position: orNull(u.position, 200),
    status: u.status !== undefined && LEFT_STATUSES.has(u.status) ? 'left' : 'active',
  };
}

/**
 * A `delete_user` event carries only the user id, and user/get no longer answers for that user.
 * The ledger's employee change needs a name, so the event's Name (when sent) or the user id is used.
 */
export function mapDeletedUser(userid: string, name: string | undefined): EmployeeChange {
  return { kind: 'employee', externalUserId: userid, name: (name || userid).slice(0, 200), departmentExternalId: null, status: 'left' };
}
