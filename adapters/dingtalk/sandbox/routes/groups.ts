/** §5.7: attendance groups, shifts (classes) and schedules (plans). */
import { Router } from 'express';
import { daysBetween } from '../../../../src/sandbox/calendar.js';
import { dingtalkApis } from '../../descriptor.js';
import { bodyOf, formatLocal, optInt, optList, parseLocal, reqInt, reqString } from '../params.js';
import { badParam, sendOapi } from '../respond.js';
import type { SandboxState } from '../state.js';
import { classSections, classSetting, shiftDetail } from '../views/classes.js';
import type { ResultRow } from '../views/daybook.js';

const SHIFT_PAGE = 10;

export function groupRoutes(s: SandboxState): Router {
  const r = Router();
  const zone = s.cal.timezone;
  const fmt = (ms: number): string => formatLocal(ms, zone);
  const shifts = s.company.shifts;
  const deptNames = new Map(s.company.departments.map((d) => [d.id, d.name]));
  const empByKey = new Map(s.company.employees.map((e) => [e.key, e]));

  const classOf = (key: string): Record<string, unknown> | undefined => {
    const shift = shifts.find((x) => x.key === key);
    if (!shift) return undefined;
    return { class_id: s.ids.classId(key), class_name: shift.name, sections: classSections(shift), setting: classSetting(shift) };
  };

  r.post(dingtalkApis.getSimpleGroups.path, (req, res) => {
    const b = bodyOf(req.body);
    const offset = optInt(b, 'offset') ?? 0;
    const size = optInt(b, 'size') ?? 10;
    if (offset < 0 || size < 1 || size > dingtalkApis.getSimpleGroups.limits.maxPageSize) throw badParam('size must be 1..10');
    const groups = s.company.groups.slice(offset, offset + size).map((g, i) => {
      const classKeys = [...new Set(g.shiftKeys.filter((k): k is string => k !== null))];
      // work_day_list runs Sunday..Saturday; the company's fixed week runs Monday..Sunday.
      const week = g.kind === 'fixed' ? [g.shiftKeys[6] ?? null, ...g.shiftKeys.slice(0, 6)] : Array<string | null>(7).fill(null);
      return {
        group_id: s.ids.groupId(g.key),
        group_name: g.name,
        type: g.kind === 'fixed' ? 'FIXED' : 'TURN',
        is_default: offset + i === 0,
        member_count: g.employeeKeys.length,
        default_class_id: classKeys[0] ? s.ids.classId(classKeys[0]) : 0,
        work_day_list: week.map((k) => (k === null ? '0' : String(s.ids.classId(k)))),
        classes_list: classKeys.map((k) => s.ids.classId(k)),
        manager_list: [],
        owner_user_id: s.company.employees[0]?.key ?? '',
        dept_name_list: [...new Set(g.employeeKeys.map((k) => deptNames.get(empByKey.get(k)?.departmentId ?? 1) ?? ''))],
        selected_class: classKeys.map(classOf),
        disable_check_when_rest: false,
        disable_check_without_schedule: g.kind === 'cycle',
        enable_emp_select_class: false,
      };
    });
    sendOapi(req, res, { result: { has_more: offset + size < s.company.groups.length, groups } });
  });

  r.post(dingtalkApis.getUserGroup.path, (req, res) => {
    const emp = empByKey.get(reqString(bodyOf(req.body), 'userid'));
    const g = s.company.groups.find((x) => x.key === emp?.groupKey);
    if (!emp || !g) throw badParam('userid not found');
    const classes = [...new Set(g.shiftKeys.filter((k): k is string => k !== null))].map((k) => {
      const c = classOf(k) ?? {};
      const setting = (c['setting'] ?? {}) as Record<string, unknown>;
      return { class_id: c['class_id'], name: c['class_name'], sections: c['sections'], setting: { rest_begin_time: setting['rest_begin_time'], rest_end_time: setting['rest_end_time'] } };
    });
    sendOapi(req, res, { result: { group_id: s.ids.groupId(g.key), name: g.name, type: g.kind === 'fixed' ? 'FIXED' : 'TURN', classes } });
  });

  const scheduleRow = (x: ResultRow): Record<string, unknown> => ({
    plan_id: x.plan.planId,
    check_type: x.plan.checkType,
    userid: x.plan.userId,
    class_id: x.plan.classId,
    class_setting_id: x.plan.classId,
    plan_check_time: fmt(x.plan.baseCheckTime),
    group_id: x.plan.groupId,
    ...(x.approval ? { approve_id: s.ids.approveId(x.approval.id) } : {}),
  });

  r.post(dingtalkApis.listSchedule.path, (req, res) => {
    const b = bodyOf(req.body);
    const date = s.cal.dateOf(parseLocal(reqString(b, 'workDate'), zone, 'workDate'));
    const offset = optInt(b, 'offset') ?? 0;
    const size = optInt(b, 'size') ?? 200;
    if (offset < 0 || size < 1 || size > dingtalkApis.listSchedule.limits.maxPageSize) throw badParam('size must be 1..200');
    const rows = s.company.employees.flatMap((e) => (s.daybook.results.get(e.key) ?? []).filter((x) => x.plan.workDate === date));
    sendOapi(req, res, { result: { has_more: offset + size < rows.length, schedules: rows.slice(offset, offset + size).map(scheduleRow) } });
  });

  r.post(dingtalkApis.scheduleListByUsers.path, (req, res) => {
    const b = bodyOf(req.body);
    const lim = dingtalkApis.scheduleListByUsers.limits;
    const users = optList(b, 'userids') ?? [];
    if (users.length === 0 || users.length > lim.maxUsers) throw badParam(`userids must hold 1..${lim.maxUsers} userids`);
    const fromMs = reqInt(b, 'from_date_time');
    const toMs = reqInt(b, 'to_date_time');
    const from = s.cal.dateOf(fromMs);
    const to = s.cal.dateOf(toMs);
    if (toMs < fromMs || daysBetween(from, to) + 1 > lim.maxDays) throw badParam(`the range must be 1..${lim.maxDays} days`);
    if (fromMs < s.clock.now() - lim.maxStartAgeDays * 86_400_000) throw badParam('from_date_time is older than 180 days');
    const out: Record<string, unknown>[] = [];
    for (const u of users) {
      const results = s.daybook.results.get(u) ?? [];
      for (const day of s.daybook.days.get(u) ?? []) {
        if (day.date < from || day.date > to) continue;
        if (day.plans.length === 0) {
          out.push({ userid: u, work_date: `${day.date} 00:00:00`, is_rest: 'Y', shift_id: 0, shift_version: 0, group_id: s.ids.groupId(day.groupKey) });
          continue;
        }
        for (const x of results.filter((y) => y.plan.workDate === day.date)) {
          out.push({
            id: x.plan.planId,
            userid: u,
            work_date: `${day.date} 00:00:00`,
            check_type: x.plan.checkType,
            plan_check_time: fmt(x.plan.baseCheckTime),
            is_rest: 'N',
            shift_id: x.plan.classId,
            shift_version: 1,
            group_id: x.plan.groupId,
            ...(x.approval ? { approve_id: s.ids.approveId(x.approval.id) } : {}),
          });
        }
      }
    }
    sendOapi(req, res, { result: out });
  });

  r.post(dingtalkApis.shiftList.path, (req, res) => {
    const cursor = optInt(bodyOf(req.body), 'cursor') ?? 0;
    if (cursor < 0) throw badParam('cursor must be ≥ 0');
    const page = shifts.slice(cursor, cursor + SHIFT_PAGE).map((x) => ({ id: s.ids.classId(x.key), name: x.name }));
    const more = cursor + SHIFT_PAGE < shifts.length;
    sendOapi(req, res, { result: { result: page, has_more: more, ...(more ? { cursor: cursor + SHIFT_PAGE } : {}) } });
  });

  r.post(dingtalkApis.shiftQuery.path, (req, res) => {
    const id = reqInt(bodyOf(req.body), 'shift_id');
    const key = s.ids.shiftKeyOf(id);
    const shift = shifts.find((x) => x.key === key);
    if (!shift) throw badParam('shift_id not found');
    sendOapi(req, res, { result: shiftDetail(shift, id) });
  });

  return r;
}
