import { addDays, dateRange, type LocalCalendar } from './calendar.js';
import { ApprovalFactory, blocksPunches } from './company-approvals.js';
import { checkpointsOf, type Checkpoint, holidayKinds, shiftKeyFor, type Shift } from './schedule.js';
import type { Rng } from './rng.js';
import type { SandboxApproval, SandboxCompany, SandboxPunch } from './company.js';

const SEC = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;
const OFFICE = { lat: 31.230416, lng: 121.473701 };
const WIFI: readonly (readonly [string, string])[] = [['Office-5F', '3c:46:d8:0c:7a:70'], ['Office-6F', '3c:46:d8:0c:7a:71']];
const DEVICES = ['ZKCN2024A0001', 'ZKCN2024A0002'];

export interface ActivityInput {
  rng: Rng;
  cal: LocalCalendar;
  from: string;
  to: string;
  today: string;
  shifts: SandboxCompany['shifts'];
  groups: SandboxCompany['groups'];
  employees: SandboxCompany['employees'];
  departments: SandboxCompany['departments'];
  holidays: SandboxCompany['holidays'];
}

/** Coordinates carry 6 decimals, the precision vendors transmit (degrees × 1e6). */
const micro = (deg: number): number => Math.round(deg * 1e6) / 1e6;

type Employee = SandboxCompany['employees'][number];
type Draft = Parameters<ApprovalFactory['add']>[0];
type Span = { start: number; end: number };

/** Approver: the head of the employee's department (its first member), else the parent's, else anyone else. */
function approverIndex(input: ActivityInput): (e: Employee) => string {
  const heads = new Map<number, string>();
  for (const e of input.employees) if (!heads.has(e.departmentId)) heads.set(e.departmentId, e.key);
  const parent = new Map(input.departments.map((d) => [d.id, d.parentId]));
  return (e) => {
    for (let d: number | null | undefined = e.departmentId; d != null; d = parent.get(d)) {
      const head = heads.get(d);
      if (head && head !== e.key) return head;
    }
    return input.employees.find((x) => x.key !== e.key)?.key ?? e.key;
  };
}

/**
 * Punches and approvals, employee by employee and day by day: one punch per scheduled checkpoint
 * with noise (late, early, missing, outside the fence, duplicates), none while an approved or
 * pending absence covers the checkpoint, late punches matching overtime, corrections for some gaps.
 */
export function generateActivity(input: ActivityInput): { punches: SandboxPunch[]; approvals: SandboxApproval[] } {
  const { rng, cal } = input;
  const todayMs = cal.midnight(input.today);
  const factory = new ApprovalFactory(rng, cal.midnight(input.from), todayMs);
  const hk = holidayKinds(input);
  const shiftMap = new Map(input.shifts.map((s) => [s.key, s]));
  const groupMap = new Map(input.groups.map((g) => [g.key, g]));
  const approverOf = approverIndex(input);
  const dates = dateRange(input.from, input.to);
  const punches: SandboxPunch[] = [];

  for (const e of input.employees) {
    const group = groupMap.get(e.groupKey);
    if (!group) throw new Error(`employee ${e.key} has unknown group ${e.groupKey}`);
    const approver = approverOf(e);
    const mine: SandboxPunch[] = [];
    const punch = (at: number, location: 'inside' | 'outside', exception?: string): void => {
      if (at >= todayMs) return; // the range ends yesterday; later punches have not happened yet
      const far = location === 'outside' ? 0.01 + rng.next() * 0.02 : 0.0004;
      const p: SandboxPunch = { id: '', employeeKey: e.key, at, location, lat: micro(OFFICE.lat + (rng.next() - 0.5) * far), lng: micro(OFFICE.lng + (rng.next() - 0.5) * far) };
      if (location === 'inside') {
        if (rng.chance(0.15)) p.deviceSn = rng.pick(DEVICES);
        else if (rng.chance(0.5)) [p.wifiName, p.wifiMac] = rng.pick(WIFI);
      }
      if (exception !== undefined) p.exception = exception;
      mine.push(p);
      if (rng.chance(0.03)) mine.push({ ...p, at: at + rng.int(10, 180) * SEC, exception: 'duplicate' });
    };
    const approve = (draft: Omit<Draft, 'employeeKey'>, afterStart = false): SandboxApproval =>
      factory.add({ ...draft, employeeKey: e.key }, approver, { submittedAfterStart: afterStart });
    let blockers: Span[] = [];
    let busyUntil = -Infinity;

    for (const date of dates) {
      if (date < e.hiredOn) continue;
      const mid = cal.midnight(date);
      blockers = blockers.filter((b) => b.end >= mid);
      const shiftKey = shiftKeyFor(group, date, hk);
      const shift = shiftKey === null ? undefined : shiftMap.get(shiftKey);
      if (!shift) {
        if (group.kind === 'fixed' && rng.chance(0.015)) restDayOvertime(date);
        continue;
      }
      const cps = checkpointsOf(shift, date, cal);
      const first = cps[0];
      const last = cps[cps.length - 1];
      if (!first || !last) continue;
      let fieldDay = false;
      let absent = false;
      if (mid >= busyUntil) {
        const roll = rng.next();
        const night = shift.key === 'night';
        if (roll < 0.02) absent = absence('leave', date, first, last, night);
        else if (roll < 0.025) absent = absence('trip', date, first, last, night);
        else if (roll < 0.032) absent = absence('time_off', date, first, last, night);
        else if (roll < 0.042) outing(first, last);
        else if (roll < 0.045) {
          const a = approve({ type: 'field', start: mid, end: cal.midnight(addDays(date, 1)), unit: 'day' });
          fieldDay = blocksPunches(a);
        }
      }
      let otEnd: number | null = null;
      if (!absent && shift.key !== 'night' && rng.chance(0.03)) {
        const start = last.at + 30 * MIN;
        const a = approve({ type: 'overtime', start, end: start + rng.int(2, 6) * 30 * MIN, unit: 'hour' });
        if (a.status !== 'revoked') otEnd = a.end;
      }
      dayPunches(shift, cps, date, fieldDay, otEnd);
    }
    mine.sort((a, b) => a.at - b.at);
    punches.push(...mine);

    function dayPunches(shift: Shift, cps: Checkpoint[], date: string, fieldDay: boolean, otEnd: number | null): void {
      let lateBy = 0; // flex: a late arrival moves the expected leaving time
      for (const cp of cps) {
        if (cp.at >= todayMs || blockers.some((b) => cp.at >= b.start && cp.at <= b.end)) continue;
        const jitter = rng.int(0, 59) * SEC;
        if (fieldDay) {
          punch(cp.at + rng.int(-20, 20) * MIN + jitter, 'outside', 'field');
          continue;
        }
        if (rng.chance(0.03)) {
          if (rng.chance(0.4)) approve({ type: 'correction', subtype: 'missing', start: cp.at, end: cp.at, unit: 'hour', workDate: date }, true);
          continue;
        }
        let at: number;
        let exception: string | undefined;
        if (cp.kind === 'in') {
          const flex = shift.flexLateMinutes;
          const late = rng.chance(0.07);
          const offset = late ? flex + shift.lateGraceMinutes + rng.int(1, 45) : flex > 0 ? rng.int(-30, flex - 5) : -rng.int(1, 30);
          lateBy = Math.max(0, Math.min(offset, flex));
          at = cp.at + offset * MIN + jitter;
          if (late) exception = 'late';
        } else if (otEnd !== null && cp.segment === cps.length / 2) {
          at = otEnd + rng.int(0, 10) * MIN + jitter;
          exception = 'overtime';
        } else if (rng.chance(0.04)) {
          at = cp.at - rng.int(5, 60) * MIN + jitter;
          exception = 'early';
        } else {
          at = cp.at + (lateBy + rng.int(0, 30)) * MIN + jitter;
        }
        const outside = exception === undefined && rng.chance(0.02);
        punch(at, outside ? 'outside' : 'inside', outside ? 'outside' : exception);
      }
    }

    function absence(type: 'leave' | 'trip' | 'time_off', date: string, first: Checkpoint, last: Checkpoint, night: boolean): boolean {
      const mid = cal.midnight(date);
      const subtype = type === 'leave' ? rng.weighted([['annual', 35], ['sick', 25], ['personal', 25], ['marriage', 3], ['bereavement', 4], ['paternity', 3]] as const) : undefined;
      const unit: SandboxApproval['unit'] =
        type === 'trip' ? 'day' : rng.weighted(night ? ([['day', 70], ['hour', 30]] as const) : ([['day', type === 'time_off' ? 0 : 50], ['halfday', 25], ['hour', 25]] as const));
      let span: Span;
      if (unit === 'day') {
        const len = subtype === 'marriage' ? 3 : rng.weighted([[1, 70], [2, 20], [3, 10]] as const);
        // A day-unit absence covers whole local days, stretched to the end of a night shift.
        const end = Math.max(cal.midnight(addDays(date, len)), last.at + (len - 1) * 24 * HOUR);
        span = { start: mid, end };
      } else if (unit === 'halfday') {
        span = rng.chance(0.5) ? { start: mid, end: mid + 12 * HOUR } : { start: mid + 12 * HOUR, end: cal.midnight(addDays(date, 1)) };
      } else {
        const hours = rng.int(2, 4) * HOUR;
        span = rng.chance(0.5) ? { start: first.at, end: first.at + hours } : { start: last.at - hours, end: last.at };
      }
      const draft: Omit<Draft, 'employeeKey'> = { type, start: span.start, end: span.end, unit };
      if (subtype) draft.subtype = subtype;
      const a = approve(draft, subtype === 'sick');
      if (!blocksPunches(a)) return false;
      blockers.push(span);
      busyUntil = span.end;
      return true;
    }

    function outing(first: Checkpoint, last: Checkpoint): void {
      const start = Math.min(first.at + 5 * HOUR, last.at - 3 * HOUR);
      const a = approve({ type: 'outing', start, end: start + rng.int(2, 3) * HOUR, unit: 'hour' });
      if (a.status !== 'revoked' && a.status !== 'rejected') punch(start + rng.int(20, 40) * MIN, 'outside', 'field');
    }

    function restDayOvertime(date: string): void {
      const start = cal.at(date, 10 * 60);
      const a = approve({ type: 'overtime', start, end: start + rng.int(4, 7) * HOUR, unit: 'hour' });
      if (a.status === 'revoked') return;
      punch(start - rng.int(5, 20) * MIN, 'inside', 'overtime');
      punch(a.end + rng.int(0, 15) * MIN, 'inside', 'overtime');
    }
  }

  punches.forEach((p, i) => (p.id = `p${i + 1}`));
  return { punches, approvals: factory.finish(cal) };
}
