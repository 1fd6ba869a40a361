import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import { shiftSchema, type OvertimePolicyInput, type ShiftInput } from '../../../src/rules/model/shift.js';
import { ruleGroupPatternSchema, WEEKDAY_KEYS, type RuleGroupPatternInput, type WeekdayKey } from '../../../src/rules/resolve/pattern.js';
import type { CheckinDate, CheckinGroup, ScheduleEntry } from '../client-schemas.js';
import { clockOf, dateOfSec } from './time.js';

/**
 * Compiles getcorpcheckinoption (§3.5) into ledger shifts, rule groups and calendar days, as in
 * rules.md "Compiling vendor rules". Units: time-of-day fields are seconds after 00:00 (beyond
 * 86400 = next day); limit_aheadtime and flex_on/off_duty_time are milliseconds; limit_offtime,
 * max_allow_arrive_* and the ot_* fields are seconds.
 */

const fromMs = (ms: number | undefined): number | undefined => (ms === undefined || ms < 0 ? undefined : Math.round(ms / 60_000));
const fromSec = (s: number | undefined): number | undefined => (s === undefined || s < 0 ? undefined : Math.round(s / 60));
/** WeCom weekdays: 0 = Sunday … 6 = Saturday. */
const WEEKDAY: Record<number, WeekdayKey> = { 0: 'sun', 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat' };
/** option_out_range: 0 exception, 1 normal 外勤, 2 not allowed. */
const OUT_OF_RANGE = { 0: 'exception', 1: 'field', 2: 'reject' } as const;
/** ot_info.type: 0 以加班申请核算打卡记录, 1 以打卡时间为准, 2 以加班申请审批为准. */
const OT_MODE = { 0: 'approval-and-punch', 1: 'punch', 2: 'approval' } as const;

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function overtimeOf(ot: CheckinGroup['ot_info']): OvertimePolicyInput {
  const mode = ot === undefined ? undefined : OT_MODE[ot.type as keyof typeof OT_MODE];
  if (!ot || mode === undefined || (ot.allow_ot_workingday === false && ot.allow_ot_nonworkingday === false)) return { mode: 'none' };
  const info = (mode === 'approval' ? ot.otapplyinfo : undefined) ?? ot.otcheckinfo ?? {};
  return defined({
    mode,
    startAfterMinutes: fromSec(info.ot_workingday_time_start),
    minMinutes: fromSec(info.ot_workingday_time_min),
    maxMinutes: fromSec(info.ot_workingday_time_max),
    restDayMaxMinutes: fromSec(info.ot_nonworkingday_time_max),
  });
}

/** Grace in ms; −1 on both means "use flex_time for both" (§3.5). */
function grace(on: number | undefined, off: number | undefined, flexTime: number | undefined): { late: number | undefined; early: number | undefined } {
  const useFlex = on === -1 && off === -1;
  return { late: fromMs(useFlex ? flexTime : on), early: fromMs(useFlex ? flexTime : off) };
}

/** A shift (班次) of schedulelist → rules.md shift. */
export function shiftFromSchedule(s: ScheduleEntry, overtime: OvertimePolicyInput): ShiftInput {
  const sections = [...s.time_section].sort((a, b) => a.work_sec - b.work_sec);
  const first = sections[0];
  const last = sections[sections.length - 1];
  const rest = sections.length === 1 && first && (first.allow_rest ?? true) && (first.rest_end_time ?? 0) > (first.rest_begin_time ?? 0) && (first.rest_begin_time ?? 0) > 0 ? first : undefined;
  const g = grace(s.flex_on_duty_time, s.flex_off_duty_time, undefined);
  const early = fromSec(s.max_allow_arrive_early) ?? 0;
  const late = fromSec(s.max_allow_arrive_late) ?? 0;
  return defined({
    segments: sections.map((t) => ({ start: clockOf(t.work_sec), end: clockOf(t.off_work_sec) })),
    breaks: rest ? [{ start: clockOf(rest.rest_begin_time ?? 0), end: clockOf(rest.rest_end_time ?? 0) }] : [],
    windowBeforeMinutes: first?.earliest_work_sec !== undefined ? fromSec(first.work_sec - first.earliest_work_sec) : fromMs(s.limit_aheadtime),
    windowAfterMinutes: last?.latest_off_work_sec !== undefined ? fromSec(last.latest_off_work_sec - last.off_work_sec) : fromSec(s.limit_offtime),
    lateGraceMinutes: g.late,
    earlyGraceMinutes: g.early,
    flex: early > 0 || late > 0 ? { earlyArriveMinutes: early, lateArriveMinutes: late } : null,
    overtime,
  });
}

/** A fixed rule's checkindate entry (no shift of its own) → rules.md shift. */
export function shiftFromCheckinDate(d: CheckinDate, overtime: OvertimePolicyInput): ShiftInput {
  const g = grace(d.flex_on_duty_time, d.flex_off_duty_time, d.flex_time);
  return defined({
    segments: [...d.checkintime].sort((a, b) => a.work_sec - b.work_sec).map((t) => ({ start: clockOf(t.work_sec), end: clockOf(t.off_work_sec) })),
    windowBeforeMinutes: fromMs(d.limit_aheadtime),
    lateGraceMinutes: g.late,
    earlyGraceMinutes: g.early,
    overtime,
  });
}

const sameTimes = (d: CheckinDate, s: ScheduleEntry): boolean =>
  d.checkintime.length === s.time_section.length && d.checkintime.every((t) => s.time_section.some((x) => x.work_sec === t.work_sec && x.off_work_sec === t.off_work_sec));

export interface CompiledRules {
  changes: LedgerChangeInput[];
  /** Shifts or groups that do not compile into the rules format, with the reason. */
  skipped: string[];
}

/** Every group of the corp → shifts, rule groups (pattern + policy + members) and the corp's calendar days. */
export function compileRules(groups: readonly CheckinGroup[], tenantId: string, zone: string): CompiledRules {
  const shifts = new Map<string, LedgerChangeInput>();
  const calendar = new Map<string, LedgerChangeInput>();
  const out: LedgerChangeInput[] = [];
  const skipped: string[] = [];
  const addShift = (id: string, name: string, def: ShiftInput): boolean => {
    const ok = shiftSchema.safeParse(def);
    if (!ok.success) {
      skipped.push(`shift ${id} (${name}): ${ok.error.issues[0]?.message ?? 'invalid'}`);
      return false;
    }
    shifts.set(id, { kind: 'shift', externalId: id, name: name.slice(0, 200) || id, definition: def as Record<string, unknown> });
    return true;
  };
  for (const g of groups) {
    const overtime = overtimeOf(g.ot_info);
    let pattern: RuleGroupPatternInput;
    if (g.grouptype === 1) {
      const week: Partial<Record<WeekdayKey, string | null>> = Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, null]));
      g.checkindate.forEach((d, i) => {
        // The sandbox (and newer corps) also list the fixed rule's shift in schedulelist; it carries breaks and flex.
        const match = g.schedulelist.find((s) => sameTimes(d, s));
        const id = match ? String(match.schedule_id) : `${g.groupid}-${i + 1}`;
        const ok = match ? addShift(id, match.schedule_name, shiftFromSchedule(match, overtime)) : addShift(id, `${g.groupname} ${i + 1}`, shiftFromCheckinDate(d, overtime));
        if (ok) for (const wd of d.workdays) if (WEEKDAY[wd]) week[WEEKDAY[wd]] = id;
      });
      pattern = { kind: 'fixed', week, followStatutoryCalendar: g.sync_holidays ?? false, calendarId: 'CN' };
    } else {
      // 按班次 rules are scheduled day by day (rosters); 自由上下班 has no shift at all.
      for (const s of g.schedulelist) addShift(String(s.schedule_id), s.schedule_name, shiftFromSchedule(s, overtime));
      pattern = { kind: 'roster', calendarId: 'CN' };
    }
    const valid = ruleGroupPatternSchema.safeParse(pattern);
    if (!valid.success) {
      skipped.push(`group ${g.groupid} (${g.groupname}): ${valid.error.issues[0]?.message ?? 'invalid pattern'}`);
      continue;
    }
    const white = new Set(g.white_users);
    out.push({
      kind: 'rule_group',
      externalId: String(g.groupid),
      name: g.groupname.slice(0, 200),
      pattern: pattern as Record<string, unknown>,
      policy: { overtime, outOfRange: OUT_OF_RANGE[(g.option_out_range ?? 0) as keyof typeof OUT_OF_RANGE] ?? 'exception' },
      memberExternalUserIds: [...new Set((g.range?.userid ?? []).filter((u) => !white.has(u)))].sort(),
    });
    for (const [days, dayType] of [[g.spe_workdays, 'makeup'], [g.spe_offdays, 'holiday']] as const) {
      for (const d of days) {
        const date = dateOfSec(d.timestamp, zone);
        calendar.set(date, { kind: 'calendar_day', calendar: tenantId, date, dayType, name: d.notes ? d.notes.slice(0, 100) : null });
      }
    }
  }
  return { changes: [...shifts.values(), ...out, ...calendar.values()], skipped };
}
