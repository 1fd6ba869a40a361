import type { Router } from 'express';
import type { SandboxApproval } from '../../../src/sandbox/company.js';
import { standardMinutes } from '../../../src/sandbox/schedule.js';
import { wecomApis } from '../descriptor.js';
import { dateRangeOf } from './approval-render.js';
import { type DayFacts, userView } from './checkin-view.js';
import { departmentPath, groupIdOf, groupOf, scheduleIdOf } from './directory.js';
import { timeWindow, userList, wecomRoute } from './http.js';
import { reportDates } from './api-checkin.js';
import type { WecomSandboxState } from './state.js';
import { vacationOf } from './vacations.js';

type Item = { count: number; duration: number; time_type: number; type: number; vacation_id: number; name: string };

const SP_TYPE: Partial<Record<SandboxApproval['type'], number>> = { leave: 1, time_off: 1, correction: 2, trip: 3, outing: 4 };

/** getcheckin_daydata `datas[]` row for one user and day: the vendor's own verdicts (§3.2). */
function dayRow(state: WecomSandboxState, userid: string, day: DayFacts) {
  const { company, cal } = state;
  const e = state.employees.get(userid);
  if (!e) return null;
  const group = groupOf(state, e);
  const mid = cal.midnight(day.date);
  const next = mid + 86_400_000;
  const mine = state.approvalsOf(userid).filter((a) => a.status === 'approved' && a.start < next && a.end >= mid);
  const fmt = (ms: number) => cal.dateOf(ms).slice(5).replace('-', '/') + ' ' + new Date(ms - cal.midnight(cal.dateOf(ms)) ).toISOString().slice(11, 16);
  const spItems = new Map<string, Item>();
  for (const a of mine) {
    const type = SP_TYPE[a.type];
    if (type === undefined) continue;
    const v = vacationOf(a);
    const slice = dateRangeOf(a, cal).slice_info.day_items.find((d) => d.daytime === mid / 1000);
    const key = `${type}:${v?.id ?? 0}`;
    const item = spItems.get(key) ?? { count: 0, duration: 0, time_type: a.unit === 'hour' ? 1 : 0, type, vacation_id: v?.id ?? 0, name: v?.name ?? { 2: '补卡次数', 3: '出差', 4: '外出' }[type] ?? '' };
    item.count++;
    item.duration += type === 2 ? 0 : (slice?.duration ?? 0);
    spItems.set(key, item);
  }
  spItems.set('100:0', { count: day.field, duration: 0, time_type: 0, type: 100, vacation_id: 0, name: '外勤次数' });
  const ot = mine.filter((a) => a.type === 'overtime');
  const otSec = ot.reduce((s, a) => s + Math.floor((Math.min(a.end, next) - Math.max(a.start, mid)) / 1000), 0);
  const lastPunch = day.punches.reduce((m, p) => Math.max(m, p.at), 0);
  const otShort = ot.reduce((s, a) => s + Math.max(0, Math.floor((a.end - Math.max(lastPunch, a.start)) / 1000)), 0);
  const exceptions = [
    day.late.count > 0 ? { count: day.late.count, duration: day.late.sec, exception: 1 } : null,
    day.early.count > 0 ? { count: day.early.count, duration: day.early.sec, exception: 2 } : null,
    !day.absent && day.missing > 0 ? { count: day.missing, duration: 0, exception: 3 } : null,
    day.absent ? { count: 1, duration: day.shift ? standardMinutes(day.shift) * 60 : 0, exception: 4 } : null,
    day.outside > 0 ? { count: day.outside, duration: 0, exception: 5 } : null,
  ].filter((x) => x !== null);
  const secs = day.punches.map((p) => Math.floor((p.at - mid) / 1000));
  const rest = day.shift === null;
  return {
    base_info: {
      date: mid / 1000,
      record_type: group.kind === 'cycle' ? 3 : 1,
      name: e.name,
      name_ex: '',
      departs_name: departmentPath(company, e.departmentId),
      acctid: e.key,
      rule_info: {
        groupid: groupIdOf(company, group.key),
        groupname: group.name,
        scheduleid: day.shift && group.kind === 'cycle' ? scheduleIdOf(company, day.shift.key) : 0,
        schedulename: day.shift && group.kind === 'cycle' ? day.shift.name : '',
        checkintime: day.slots.filter((s) => s.kind === 'in').map((s) => ({ work_sec: s.minutes * 60, off_work_sec: (day.slots.find((o) => o.kind === 'out' && o.segment === s.segment)?.minutes ?? 0) * 60 })),
      },
      day_type: rest ? 1 : 0,
    },
    summary_info: {
      checkin_count: day.punches.length,
      regular_work_sec: day.workedSec,
      standard_work_sec: day.shift ? standardMinutes(day.shift) * 60 : 0,
      earliest_time: secs.length ? Math.min(...secs) : 0,
      lastest_time: secs.length ? Math.max(...secs) : 0,
    },
    holiday_infos: mine
      .filter((a) => a.type !== 'correction')
      .map((a) => ({
        sp_description: { data: [{ lang: 'zh_CN', text: `${fmt(a.start)}~${fmt(a.end)}` }] },
        sp_number: a.id,
        sp_title: { data: [{ lang: 'zh_CN', text: titleOf(a, state) }] },
      })),
    exception_infos: exceptions,
    ot_info: {
      ot_status: otSec === 0 ? 0 : otShort > 0 ? 2 : 1,
      ot_duration: otSec,
      exception_duration: otShort > 0 ? [otShort] : [],
      workday_over_as_vacation: 0,
      workday_over_as_money: rest ? 0 : otSec,
      restday_over_as_vacation: 0,
      restday_over_as_money: rest ? otSec : 0,
      holiday_over_as_vacation: 0,
      holiday_over_as_money: 0,
    },
    sp_items: [...spItems.values()],
  };
}

function titleOf(a: SandboxApproval, state: WecomSandboxState): string {
  const d = dateRangeOf(a, state.cal).date_range.new_duration;
  const amount = a.unit === 'hour' ? `${(d / 3600).toFixed(1)}小时` : `${(d / 86_400).toFixed(1)}天`;
  const verb: Record<SandboxApproval['type'], string> = { leave: '请假', time_off: '请假', overtime: '加班', trip: '出差', outing: '外出', field: '外勤', correction: '补卡' };
  return `${verb[a.type]}${amount}`;
}

type DayRow = NonNullable<ReturnType<typeof dayRow>>;

function monthRow(rows: DayRow[]) {
  const first = rows[0];
  if (!first) return null;
  const sum = (f: (r: DayRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const workRows = rows.filter((r) => r.base_info.day_type === 0);
  const exc = new Map<number, { count: number; duration: number; exception: number }>();
  for (const x of rows.flatMap((r) => r.exception_infos)) {
    const cur = exc.get(x.exception) ?? { count: 0, duration: 0, exception: x.exception };
    exc.set(x.exception, { ...cur, count: cur.count + x.count, duration: cur.duration + x.duration });
  }
  const items = new Map<string, Item>();
  for (const x of rows.flatMap((r) => r.sp_items)) {
    const k = `${x.type}:${x.vacation_id}`;
    const cur = items.get(k) ?? { ...x, count: 0, duration: 0 };
    items.set(k, { ...cur, count: cur.count + x.count, duration: cur.duration + x.duration });
  }
  const { date: _date, day_type: _dt, ...base } = first.base_info;
  return {
    base_info: { ...base, rule_info: { groupid: base.rule_info.groupid, groupname: base.rule_info.groupname } },
    summary_info: {
      work_days: workRows.length,
      regular_days: workRows.filter((r) => r.exception_infos.length === 0).length,
      except_days: workRows.filter((r) => r.exception_infos.length > 0).length,
      regular_work_sec: sum((r) => r.summary_info.regular_work_sec),
      standard_work_sec: sum((r) => r.summary_info.standard_work_sec),
      rest_days: rows.length - workRows.length,
    },
    exception_infos: [...exc.values()],
    sp_items: [...items.values()],
    overwork_info: {
      workday_over_sec: sum((r) => r.ot_info.workday_over_as_money),
      holidays_over_sec: 0,
      restdays_over_sec: sum((r) => r.ot_info.restday_over_as_money),
      workdays_over_as_vacation: 0,
      workdays_over_as_money: sum((r) => r.ot_info.workday_over_as_money),
      restdays_over_as_vacation: 0,
      restdays_over_as_money: sum((r) => r.ot_info.restday_over_as_money),
      holidays_over_as_vacation: 0,
      holidays_over_as_money: 0,
    },
  };
}

/** Daily and monthly reports (§3.2, §3.3), derived from the same day facts as the records. */
export function mountReports(router: Router, state: WecomSandboxState): void {
  const rowsFor = (userid: string, start: number, end: number): DayRow[] => {
    if (!state.employees.has(userid)) return [];
    const days = userView(state, userid).days;
    return reportDates(state, start, end).flatMap((d) => {
      const day = days.get(d);
      const row = day ? dayRow(state, userid, day) : null;
      return row ? [row] : [];
    });
  };
  router.all(
    wecomApis.getcheckin_daydata.path,
    wecomRoute(state, 'getcheckin_daydata', ({ body }) => {
      const users = userList(body, wecomApis.getcheckin_daydata.maxUsers);
      const { start, end } = timeWindow(body, wecomApis.getcheckin_daydata.maxSpanDays, 301024);
      return { datas: users.flatMap((u) => rowsFor(u, start, end)) };
    }),
  );
  router.all(
    wecomApis.getcheckin_monthdata.path,
    wecomRoute(state, 'getcheckin_monthdata', ({ body }) => {
      const users = userList(body, wecomApis.getcheckin_monthdata.maxUsers);
      const { start, end } = timeWindow(body, wecomApis.getcheckin_monthdata.maxSpanDays, 301024);
      return { datas: users.flatMap((u) => monthRow(rowsFor(u, start, end)) ?? []) };
    }),
  );
}
