import type { Router } from 'express';
import { addDays, dateRange } from '../../../src/sandbox/calendar.js';
import { wecomApis } from '../descriptor.js';
import { userView } from './checkin-view.js';
import { employeeOr60111, groupIdOf, groupOf, scheduleIdOf, shiftOn } from './directory.js';
import { timeWindow, uint, userList, wecomRoute, WecomError } from './http.js';
import { compileGroup, scheduleEntry } from './options.js';
import type { WecomSandboxState } from './state.js';

const TYPES: Record<number, ReadonlySet<string>> = {
  1: new Set(['上班打卡', '下班打卡']),
  2: new Set(['外出打卡']),
  3: new Set(['上班打卡', '下班打卡', '外出打卡']),
};

/** Read-side checkin APIs: punch records, rules, schedules (§3.1, §3.4–3.6). */
export function mountCheckinRead(router: Router, state: WecomSandboxState): void {
  router.all(
    wecomApis.getcheckindata.path,
    wecomRoute(state, 'getcheckindata', ({ body }) => {
      const type = body['opencheckindatatype'];
      const wanted = typeof type === 'number' ? TYPES[type] : undefined;
      if (!wanted) throw new WecomError(40035, 'invalid opencheckindatatype');
      const users = userList(body, wecomApis.getcheckindata.maxUsers);
      const { start, end } = timeWindow(body, wecomApis.getcheckindata.maxSpanDays, 301024);
      // Unknown userids are skipped, like a member outside the app's range.
      const checkindata = users
        .filter((u) => state.employees.has(u))
        .flatMap((u) => userView(state, u).records.filter((r) => r.checkin_time >= start && r.checkin_time <= end && wanted.has(r.checkin_type)));
      return { checkindata };
    }),
  );

  router.all(
    wecomApis.getcorpcheckinoption.path,
    wecomRoute(state, 'getcorpcheckinoption', () => ({ group: state.company.groups.map((g) => compileGroup(state, g)) })),
  );

  router.all(
    wecomApis.getcheckinoption.path,
    wecomRoute(state, 'getcheckinoption', ({ body }) => {
      const datetime = uint(body, 'datetime', 301024);
      const users = userList(body, wecomApis.getcheckinoption.maxUsers);
      const date = state.cal.dateOf(datetime * 1000);
      const info = users
        .filter((u) => state.employees.has(u))
        .map((u) => {
          const e = employeeOr60111(state, u);
          const group = compileGroup(state, groupOf(state, e));
          const shift = shiftOn(state, e, date);
          return { userid: u, group: { ...group, open_sp_checkin: false, schedulelist: shift ? [scheduleEntry(state.company, shift)] : group.schedulelist } };
        });
      return { info };
    }),
  );

  router.all(
    wecomApis.getcheckinschedulist.path,
    wecomRoute(state, 'getcheckinschedulist', ({ body }) => {
      const users = userList(body, wecomApis.getcheckinschedulist.maxUsers);
      const { start, end } = timeWindow(body, wecomApis.getcheckinschedulist.maxSpanDays, 301024);
      const from = state.cal.dateOf(start * 1000);
      const to = state.cal.dateOf(end * 1000);
      const schedule_list = users.flatMap((u) => {
        const e = state.employees.get(u);
        if (!e) return [];
        const group = groupOf(state, e);
        if (group.kind !== 'cycle') return []; // only 按班次 rules have schedules
        const months = new Map<string, { day: number; schedule_info: unknown }[]>();
        for (const date of dateRange(from, to)) {
          const shift = shiftOn(state, e, date);
          const entry = shift ? scheduleEntry(state.company, shift) : null;
          const list = months.get(date.slice(0, 7)) ?? [];
          list.push({
            day: Number(date.slice(8, 10)),
            schedule_info: entry
              ? {
                  schedule_id: scheduleIdOf(state.company, shift?.key ?? ''),
                  schedule_name: entry.schedule_name,
                  time_section: entry.time_section.map((t) => ({ id: t.time_id, work_sec: t.work_sec, off_work_sec: t.off_work_sec, remind_work_sec: t.remind_work_sec, remind_off_work_sec: t.remind_off_work_sec })),
                }
              : { schedule_id: 0, schedule_name: '休息', time_section: [] },
          });
          months.set(date.slice(0, 7), list);
        }
        return [...months].map(([ym, scheduleList]) => ({
          userid: u,
          yearmonth: Number(ym.replace('-', '')),
          groupid: groupIdOf(state.company, group.key),
          groupname: group.name,
          schedule: { scheduleList },
        }));
      });
      return { schedule_list };
    }),
  );
}

/** First and last local dates of a 00:00-timestamp window (daily reports). */
export function reportDates(state: WecomSandboxState, start: number, end: number): string[] {
  const from = state.cal.dateOf(start * 1000);
  const to = state.cal.dateOf(end * 1000);
  return from <= to ? dateRange(from, to) : [addDays(from, 0)];
}
