/** §7 contacts: departments (direct children), user ids, users (cursor paging), one user. */
import { Router } from 'express';
import type { SandboxEmployee } from '../../../../src/sandbox/company.js';
import { dingtalkApis } from '../../descriptor.js';
import { bodyOf, optInt, reqInt, reqString } from '../params.js';
import { ApiError, badParam, sendOapi } from '../respond.js';
import type { SandboxState } from '../state.js';

export function contactRoutes(s: SandboxState): Router {
  const r = Router();
  const depts = new Map(s.company.departments.map((d) => [d.id, d]));
  const byKey = new Map(s.company.employees.map((e) => [e.key, e]));
  const members = (deptId: number): SandboxEmployee[] => s.company.employees.filter((e) => e.departmentId === deptId);
  const dept = (id: number): number => {
    if (!depts.has(id)) throw new ApiError(60003, 'invalidRequestParams');
    return id;
  };

  const user = (e: SandboxEmployee): Record<string, unknown> => ({
    userid: e.key,
    unionid: s.ids.unionId(e.key),
    name: e.name,
    avatar: '',
    state_code: '86',
    mobile: e.mobile,
    hide_mobile: false,
    telephone: '',
    job_number: e.jobNumber,
    title: e.position,
    email: e.email,
    org_email: '',
    work_place: '',
    remark: '',
    dept_id_list: [e.departmentId],
    dept_order: 0,
    extension: '{}',
    hired_date: s.cal.midnight(e.hiredOn),
    active: true,
    admin: false,
    boss: false,
    leader: false,
    exclusive_account: false,
  });

  r.post(dingtalkApis.departmentListSub.path, (req, res) => {
    const id = dept(optInt(bodyOf(req.body), 'dept_id') ?? 1);
    const result = s.company.departments
      .filter((d) => d.parentId === id)
      .map((d) => ({ dept_id: d.id, name: d.name, parent_id: d.parentId, create_dept_group: false, auto_add_user: false }));
    sendOapi(req, res, { result });
  });

  r.post(dingtalkApis.userListId.path, (req, res) => {
    const id = dept(reqInt(bodyOf(req.body), 'dept_id'));
    sendOapi(req, res, { result: { userid_list: members(id).map((e) => e.key) } });
  });

  r.post(dingtalkApis.userList.path, (req, res) => {
    const b = bodyOf(req.body);
    const id = dept(reqInt(b, 'dept_id'));
    const cursor = reqInt(b, 'cursor');
    const size = reqInt(b, 'size');
    const max = dingtalkApis.userList.limits.maxPageSize;
    if (cursor < 0 || size < 1 || size > max) throw badParam(`size must be 1..${max}`);
    const all = members(id);
    const more = cursor + size < all.length;
    sendOapi(req, res, { result: { has_more: more, ...(more ? { next_cursor: cursor + size } : {}), list: all.slice(cursor, cursor + size).map(user) } });
  });

  r.post(dingtalkApis.userGet.path, (req, res) => {
    const e = byKey.get(reqString(bodyOf(req.body), 'userid'));
    if (!e) throw new ApiError(60121, 'invalidRequestParams');
    sendOapi(req, res, {
      result: {
        ...user(e),
        dept_order_list: [{ dept_id: e.departmentId, order: 0 }],
        leader_in_dept: [{ dept_id: e.departmentId, leader: false }],
        role_list: [],
        real_authed: true,
        senior: false,
      },
    });
  });

  return r;
}
