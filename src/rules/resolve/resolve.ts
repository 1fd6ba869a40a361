import { dayInfo } from '../calendar/calendar.js';
import { fromDayNumber, toDayNumber, type IsoDate } from '../calendar/isoDate.js';
import type { DayInfo, DayType } from '../calendar/types.js';
import type { CompiledGroup } from './compile.js';

/** roster: a roster row; pattern: the weekly or cycle pattern; calendar: a holiday or make-up day decided it; none: a roster group without a row. */
export type ShiftSource = 'roster' | 'pattern' | 'calendar' | 'none';

export interface ResolvedDay {
  readonly date: IsoDate;
  readonly dayType: DayType;
  /** null = no shift (rest). */
  readonly shiftId: string | null;
  readonly source: ShiftSource;
  /** False when the calendar has no statutory data for this year (warn operators). */
  readonly yearKnown: boolean;
}

export interface RosterRow {
  employeeId: string;
  date: IsoDate;
  /** null = explicit rest. */
  shiftId: string | null;
}

export type EmployeeRoster = ReadonlyMap<IsoDate, string | null>;
export type RosterIndex = ReadonlyMap<string, EmployeeRoster>;

/** Groups roster rows by employee and date; a later row for the same day replaces an earlier one. */
export function indexRoster(rows: readonly RosterRow[]): RosterIndex {
  const index = new Map<string, Map<IsoDate, string | null>>();
  for (const row of rows) {
    toDayNumber(row.date); // validates
    let byDate = index.get(row.employeeId);
    if (!byDate) index.set(row.employeeId, (byDate = new Map()));
    byDate.set(row.date, row.shiftId);
  }
  return index;
}

function result(info: DayInfo, shiftId: string | null, source: ShiftSource): ResolvedDay {
  return { date: info.date, dayType: info.dayType, shiftId, source, yearKnown: info.yearKnown };
}

/** The pattern's answer with the calendar applied: everything except roster rows. */
function fromPattern(group: CompiledGroup, info: DayInfo, dayNumber: number, anchorDay?: number): ResolvedDay {
  if (!group.patternShift) return result(info, null, 'none');
  const own = group.patternShift(dayNumber, anchorDay);
  // A group that ignores the statutory calendar still obeys its own overrides.
  const calendarDecides =
    info.source !== 'week' && (group.followStatutoryCalendar || group.groupOverrideDates.has(info.date));
  if (!calendarDecides) return result(info, own, 'pattern');
  switch (info.dayType) {
    case 'holiday':
    case 'restday':
      return result(info, null, own === null ? 'pattern' : 'calendar');
    case 'makeup':
      if (group.explicitMakeupShift !== undefined) return result(info, group.explicitMakeupShift, 'calendar');
      return own !== null ? result(info, own, 'pattern') : result(info, group.defaultShift, 'calendar');
    case 'workday':
      return own !== null ? result(info, own, 'pattern') : result(info, group.defaultShift, 'calendar');
  }
}

function withRoster(base: ResolvedDay, roster: EmployeeRoster | undefined): ResolvedDay {
  if (!roster) return base;
  const row = roster.get(base.date);
  return row === undefined ? base : { ...base, shiftId: row, source: 'roster' };
}

export interface ResolveOptions {
  /** This employee's roster rows by date. */
  roster?: EmployeeRoster;
  /** Per-employee start of a cycle (e.g. the team's offset in 四班三倒); defaults to the group's. */
  cycleAnchorDate?: IsoDate;
}

export function resolveDay(group: CompiledGroup, date: IsoDate, options: ResolveOptions = {}): ResolvedDay {
  const anchor = options.cycleAnchorDate === undefined ? undefined : toDayNumber(options.cycleAnchorDate);
  return withRoster(fromPattern(group, dayInfo(date, group.calendar), toDayNumber(date), anchor), options.roster);
}

interface PlannedDate {
  dayNumber: number;
  info: DayInfo;
}

function planDates(group: CompiledGroup, from: IsoDate, to: IsoDate): PlannedDate[] {
  const out: PlannedDate[] = [];
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) {
    out.push({ dayNumber: d, info: dayInfo(fromDayNumber(d), group.calendar) });
  }
  return out;
}

export function resolveRange(group: CompiledGroup, from: IsoDate, to: IsoDate, options: ResolveOptions = {}): ResolvedDay[] {
  const anchor = options.cycleAnchorDate === undefined ? undefined : toDayNumber(options.cycleAnchorDate);
  return planDates(group, from, to).map((p) => withRoster(fromPattern(group, p.info, p.dayNumber, anchor), options.roster));
}

export interface EmployeeAssignment {
  employeeId: string;
  cycleAnchorDate?: IsoDate;
}

/**
 * Every employee of one group over a date range. Calendar look-ups and the group's pattern answers
 * are computed once per date and shared (results are read-only); only roster rows and
 * per-employee cycle anchors are looked at per employee.
 */
export function resolveEmployees(
  group: CompiledGroup,
  employees: readonly EmployeeAssignment[],
  from: IsoDate,
  to: IsoDate,
  roster: RosterIndex = new Map(),
): Map<string, ResolvedDay[]> {
  const plan = planDates(group, from, to);
  const shared = plan.map((p) => fromPattern(group, p.info, p.dayNumber));
  const out = new Map<string, ResolvedDay[]>();
  for (const e of employees) {
    const anchor = e.cycleAnchorDate === undefined ? undefined : toDayNumber(e.cycleAnchorDate);
    const own = anchor === undefined || anchor === group.anchorDayNumber ? undefined : anchor;
    const rows = roster.get(e.employeeId);
    const days = new Array<ResolvedDay>(plan.length);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i]!;
      const base = own === undefined ? shared[i]! : fromPattern(group, p.info, p.dayNumber, own);
      days[i] = withRoster(base, rows);
    }
    out.set(e.employeeId, days);
  }
  return out;
}
