/** Contacts (§7): departments from `department/listsub`, people from `user/list` v2 / `user/get`. */
import { z } from 'zod';
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import { idLike, localDate, numLike } from './time.js';

type DepartmentChange = Extract<LedgerChangeInput, { kind: 'department' }>;
type EmployeeChange = Extract<LedgerChangeInput, { kind: 'employee' }>;

/** DingTalk's root department id (listsub does not return the root itself). */
export const ROOT_DEPT_ID = 1;

const optText = z.string().nullable().optional().catch(undefined);

export const deptSchema = z.looseObject({ dept_id: numLike, name: z.string().min(1), parent_id: numLike.nullable().optional() });
export type RawDept = z.infer<typeof deptSchema>;

export const userSchema = z.looseObject({
  userid: z.string().min(1),
  name: z.string().min(1),
  mobile: optText,
  job_number: optText,
  title: optText,
  email: optText,
  org_email: optText,
  dept_id_list: z.array(idLike).default([]),
  hired_date: numLike.nullable().optional().catch(undefined),
});
export type RawUser = z.infer<typeof userSchema>;

export function departmentFrom(d: RawDept): DepartmentChange {
  const parent = d.parent_id ?? null;
  return { kind: 'department', externalId: String(d.dept_id), parentExternalId: parent === null || d.dept_id === ROOT_DEPT_ID ? null : String(parent), name: d.name.slice(0, 200) };
}

/** The root is named after the tenant: no API in the catalogue returns the root's own name. */
export function rootDepartment(name: string): DepartmentChange {
  return { kind: 'department', externalId: String(ROOT_DEPT_ID), parentExternalId: null, name: name.slice(0, 200) || 'root' };
}

const clip = (s: string | null | undefined, max: number): string | null => (typeof s === 'string' && s !== '' ? s.slice(0, max) : null);

export function employeeFrom(u: RawUser, zone: string): EmployeeChange {
  return {
    kind: 'employee',
    externalUserId: u.userid,
    name: u.name.slice(0, 200),
    // The first department is the primary one (dept_id_list is ordered as in the admin console).
    departmentExternalId: u.dept_id_list[0] ?? null,
    jobNumber: clip(u.job_number, 64),
    mobile: clip(u.mobile, 32),
    email: clip(u.email, 200) ?? clip(u.org_email, 200),
    position: clip(u.title, 200),
    status: 'active',
    hiredOn: typeof u.hired_date === 'number' && u.hired_date > 0 ? localDate(u.hired_date, zone) : null,
  };
}
