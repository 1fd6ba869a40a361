import { addDays, LocalCalendar } from './calendar.js';
import { cnHolidays } from './holidays.js';
import { generateOrg } from './company-org.js';
import { generateActivity } from './company-activity.js';
import { deriveSeed, Rng } from './rng.js';

/**
 * A vendor-neutral fake company: org tree, shifts and groups, punches and approvals over a date
 * range. Both vendor sandboxes (WeCom, DingTalk) render it in their own protocol, so the same seed
 * gives the same people and events whichever vendor is being imitated.
 */
export interface SandboxCompany {
  seed: number;
  timezone: string;
  from: string; // YYYY-MM-DD inclusive, local dates
  to: string;
  departments: { id: number; parentId: number | null; name: string }[]; // root id 1, parentId null
  shifts: {
    key: string;
    name: string;
    segments: { start: string; end: string }[];
    breaks: { start: string; end: string }[];
    lateGraceMinutes: number;
    flexLateMinutes: number;
  }[];
  groups: {
    key: string;
    name: string;
    kind: 'fixed' | 'cycle';
    shiftKeys: (string | null)[]; // fixed: Mon..Sun; cycle: day 0..N-1
    cycleAnchor?: string;
    employeeKeys: string[];
  }[];
  employees: {
    key: string;
    name: string;
    departmentId: number;
    mobile: string;
    email: string;
    jobNumber: string;
    position: string;
    groupKey: string;
    hiredOn: string;
  }[];
  punches: {
    id: string;
    employeeKey: string;
    at: number; // epoch ms
    location: 'inside' | 'outside';
    lat: number;
    lng: number;
    wifiName?: string;
    wifiMac?: string;
    deviceSn?: string;
    /** Why the punch deviates, as generated: late | early | outside | duplicate | field | overtime. */
    exception?: string;
  }[];
  approvals: {
    id: string;
    employeeKey: string;
    type: 'leave' | 'overtime' | 'correction' | 'trip' | 'outing' | 'time_off' | 'field';
    subtype?: string; // leave: annual|sick|personal|marriage|bereavement|paternity; correction: missing
    start: number;
    end: number;
    unit: 'day' | 'halfday' | 'hour';
    status: 'approved' | 'rejected' | 'pending' | 'revoked';
    createdAt: number;
    decidedAt: number | null;
    approverKey: string;
    reason: string;
    /** Corrections only: the work date of the corrected checkpoint (a night shift's end is next day). */
    workDate?: string;
  }[];
  holidays: { date: string; kind: 'holiday' | 'makeup'; name: string }[];
}

export type SandboxEmployee = SandboxCompany['employees'][number];
export type SandboxPunch = SandboxCompany['punches'][number];
export type SandboxApproval = SandboxCompany['approvals'][number];

export interface GenerateOptions {
  employees: number;
  days: number;
  seed: number;
  /** Local YYYY-MM-DD; data covers the `days` days ending the day before. */
  today: string;
  timezone?: string;
}

/** Shift catalogue: office day, flexible day, early and night (22:00–06:00, crosses midnight). */
export function standardShifts(): SandboxCompany['shifts'] {
  return [
    { key: 'day', name: '标准班 09:00-18:00', segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }], lateGraceMinutes: 5, flexLateMinutes: 0 },
    { key: 'flex', name: '弹性班 09:00-18:00', segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }], lateGraceMinutes: 0, flexLateMinutes: 60 },
    { key: 'early', name: '早班 07:00-15:00', segments: [{ start: '07:00', end: '15:00' }], breaks: [{ start: '11:30', end: '12:00' }], lateGraceMinutes: 3, flexLateMinutes: 0 },
    { key: 'night', name: '夜班 22:00-06:00', segments: [{ start: '22:00', end: '06:00' }], breaks: [{ start: '02:00', end: '02:30' }], lateGraceMinutes: 3, flexLateMinutes: 0 },
  ];
}

/** Anchor of the operations rota; fixed so the rota does not shift with `today`. */
const CYCLE_ANCHOR = '2025-01-06';

export function generateCompany(opts: GenerateOptions): SandboxCompany {
  if (!Number.isInteger(opts.employees) || opts.employees < 1) throw new Error('employees must be a positive integer');
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new Error('days must be a positive integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error('today must be YYYY-MM-DD');
  const timezone = opts.timezone ?? 'Asia/Shanghai';
  const cal = new LocalCalendar(timezone);
  const from = addDays(opts.today, -opts.days);
  const to = addDays(opts.today, -1);
  cal.warm(addDays(from, -1), addDays(opts.today, 1));
  const rng = new Rng(deriveSeed(opts.seed, 'company'));

  const { departments, employees: people } = generateOrg(rng, opts.employees, from);
  const groups: SandboxCompany['groups'] = [
    { key: 'office', name: '总部固定班', kind: 'fixed', shiftKeys: ['day', 'day', 'day', 'day', 'day', null, null], employeeKeys: [] },
    { key: 'flex', name: '研发弹性班', kind: 'fixed', shiftKeys: ['flex', 'flex', 'flex', 'flex', 'flex', null, null], employeeKeys: [] },
    { key: 'ops', name: '运维轮班', kind: 'cycle', shiftKeys: ['early', 'early', 'night', 'night', null, null], cycleAnchor: CYCLE_ANCHOR, employeeKeys: [] },
  ];
  const employees: SandboxCompany['employees'] = people.map((p) => {
    const groupKey = rng.weighted([['office', 75], ['flex', 12], ['ops', 13]] as const);
    groups.find((g) => g.key === groupKey)?.employeeKeys.push(p.key);
    return { ...p, groupKey };
  });
  const holidays = cnHolidays(from, to);
  const shifts = standardShifts();
  const { punches, approvals } = generateActivity({ rng, cal, from, to, today: opts.today, shifts, groups, employees, departments, holidays });
  return { seed: opts.seed, timezone, from, to, departments, shifts, groups, employees, punches, approvals, holidays };
}
