import { dateRange } from '../../../src/sandbox/calendar.js';
import type { SandboxApproval, SandboxPunch } from '../../../src/sandbox/company.js';
import { breakMinutes, checkpointsOf, type Checkpoint, type Shift } from '../../../src/sandbox/schedule.js';
import { employeeOr60111, groupIdOf, groupOf, scheduleIdOf, shiftOn } from './directory.js';
import type { WecomSandboxState } from './state.js';

/** One `checkindata[]` row (§3.1, §11.1). */
export interface WecomCheckinRecord {
  userid: string;
  groupname: string;
  checkin_type: '上班打卡' | '下班打卡' | '外出打卡';
  exception_type: string;
  checkin_time: number;
  location_title: string;
  location_detail: string;
  wifiname: string;
  notes: string;
  wifimac: string;
  mediaids: string[];
  lat?: number;
  lng?: number;
  deviceid: string;
  sch_checkin_time: number;
  groupid: number;
  schedule_id: number;
  timeline_id: number;
}

interface Slot extends Checkpoint {
  shift: Shift;
  winStart: number;
  winEnd: number;
  punches: SandboxPunch[];
  covered: boolean;
}

/** What the vendor concludes about one work date (feeds getcheckin_daydata/monthdata). */
export interface DayFacts {
  date: string;
  shift: Shift | null;
  slots: Slot[];
  /** Every punch judged for this day, including off-schedule ones on the same local date. */
  punches: SandboxPunch[];
  late: { count: number; sec: number };
  early: { count: number; sec: number };
  missing: number;
  absent: boolean;
  outside: number;
  field: number;
  workedSec: number;
}

export interface UserView {
  records: WecomCheckinRecord[];
  days: Map<string, DayFacts>;
}

const MIN = 60_000;
const BEFORE_MIN = 120; // punch windows, as in rules.md defaults
const AFTER_MIN = 240;
const COVERING: ReadonlySet<SandboxApproval['type']> = new Set(['leave', 'trip', 'time_off', 'field']);

const cache = new WeakMap<WecomSandboxState, Map<string, { version: number; view: UserView }>>();

/**
 * `notes` of punches written through add_checkin_record: getcheckindata returns a record's notes
 * (§3.1), and a writer may rely on that to recognise its own records. Generated punches have none.
 */
export const writtenNotes = new WeakMap<SandboxPunch, string>();

/** The user's checkin rows and day facts over the company range, cached until the next write. */
export function userView(state: WecomSandboxState, userid: string): UserView {
  let perState = cache.get(state);
  if (!perState) cache.set(state, (perState = new Map()));
  const hit = perState.get(userid);
  if (hit && hit.version === state.version) return hit.view;
  const view = buildView(state, userid);
  perState.set(userid, { version: state.version, view });
  return view;
}

/** When WeCom recorded a punch: the company's own first (0), then written ones (`w<n>`, state.addPunch) in order. */
function recordedSeq(p: SandboxPunch): number {
  return /^w\d+$/.test(p.id) ? Number(p.id.slice(1)) : 0;
}

function buildView(state: WecomSandboxState, userid: string): UserView {
  const { company, cal } = state;
  const e = employeeOr60111(state, userid);
  const group = groupOf(state, e);
  const groupid = groupIdOf(company, group.key);
  const cycle = group.kind === 'cycle';
  const todayMs = cal.midnight(state.today);
  const mine = state.approvalsOf(userid).filter((a) => a.status === 'approved');
  const isCovered = (at: number): boolean =>
    mine.some((a) => (COVERING.has(a.type) && at >= a.start && at <= a.end) || (a.type === 'correction' && a.start === at));

  const days = new Map<string, DayFacts>();
  const slots: Slot[] = [];
  for (const date of dateRange(company.from, company.to)) {
    const shift = date < e.hiredOn ? null : shiftOn(state, e, date);
    const day: DayFacts = { date, shift, slots: [], punches: [], late: { count: 0, sec: 0 }, early: { count: 0, sec: 0 }, missing: 0, absent: false, outside: 0, field: 0, workedSec: 0 };
    days.set(date, day);
    if (!shift) continue;
    const cps = checkpointsOf(shift, date, cal);
    for (let i = 0; i + 1 < cps.length; i += 2) {
      const cin = cps[i] as Checkpoint;
      const cout = cps[i + 1] as Checkpoint;
      const split = Math.floor((cin.at + cout.at) / 2);
      const mk = (cp: Checkpoint, winStart: number, winEnd: number): Slot => ({ ...cp, shift, winStart, winEnd, punches: [], covered: isCovered(cp.at) });
      day.slots.push(mk(cin, cin.at - BEFORE_MIN * MIN, split - 1), mk(cout, split, cout.at + AFTER_MIN * MIN));
    }
    slots.push(...day.slots);
  }

  const records: WecomCheckinRecord[] = [];
  const base = (p: SandboxPunch) => ({
    userid,
    groupname: group.name,
    checkin_time: Math.floor(p.at / 1000),
    location_title: p.location === 'inside' ? '示例科技大厦' : '外部位置',
    location_detail: p.location === 'inside' ? '上海市黄浦区人民大道200号' : '上海市',
    wifiname: p.wifiName ?? '',
    notes: writtenNotes.get(p) ?? '',
    wifimac: p.wifiMac ?? '',
    mediaids: [],
    lat: Math.round(p.lat * 1e6),
    lng: Math.round(p.lng * 1e6),
    deviceid: p.deviceSn ?? '',
    groupid,
  });
  const offSchedule = new Map<string, SandboxPunch[]>(); // local date → earlier punches without a slot
  let k = 0;
  for (const p of state.punchesOf(userid)) {
    if (p.exception === 'field') {
      records.push({ ...base(p), checkin_type: '外出打卡', exception_type: '', sch_checkin_time: 0, schedule_id: 0, timeline_id: 0 });
      const d = days.get(cal.dateOf(p.at));
      if (d) d.field++;
      continue;
    }
    while (k < slots.length && (slots[k] as Slot).winEnd < p.at) k++;
    const slot = [slots[k], slots[k + 1]].find((s) => s !== undefined && p.at >= s.winStart && p.at <= s.winEnd);
    if (!slot) {
      const date = cal.dateOf(p.at);
      // WeCom fixes the type when the punch is recorded (§3.1): a punch written later for an
      // earlier time must not turn an existing 上班打卡 into 下班打卡 (its key would change).
      const earlier = offSchedule.get(date) ?? [];
      const n = earlier.filter((q) => recordedSeq(q) <= recordedSeq(p)).length;
      offSchedule.set(date, [...earlier, p]);
      days.get(date)?.punches.push(p);
      records.push({ ...base(p), checkin_type: n === 0 ? '上班打卡' : '下班打卡', exception_type: p.location === 'outside' ? '地点异常' : '', sch_checkin_time: 0, schedule_id: 0, timeline_id: 0 });
      continue;
    }
    slot.punches.push(p);
    days.get(slot.workDate)?.punches.push(p);
    const late = slot.kind === 'in' ? lateness(slot, p.at) : earliness(slot, p.at, flexShiftOf(slots, slot));
    const exceptions = [late > 0 ? '时间异常' : '', p.location === 'outside' ? '地点异常' : ''].filter(Boolean);
    records.push({
      ...base(p),
      checkin_type: slot.kind === 'in' ? '上班打卡' : '下班打卡',
      exception_type: exceptions.join(';'),
      sch_checkin_time: Math.floor(slot.at / 1000),
      schedule_id: cycle ? scheduleIdOf(company, slot.shift.key) : 0,
      timeline_id: slot.segment,
    });
  }

  for (const day of days.values()) judgeDay(day, todayMs, (cp) => {
    records.push({
      userid, groupname: group.name, checkin_type: cp.kind === 'in' ? '上班打卡' : '下班打卡', exception_type: '未打卡',
      checkin_time: Math.floor(cp.at / 1000), location_title: '', location_detail: '', wifiname: '', notes: '', wifimac: '', mediaids: [],
      lat: 0, lng: 0, deviceid: '', sch_checkin_time: Math.floor(cp.at / 1000), groupid, schedule_id: cycle ? scheduleIdOf(company, cp.shift.key) : 0, timeline_id: cp.segment,
    });
  }, slots);
  records.sort((a, b) => a.checkin_time - b.checkin_time);
  return { records, days };
}

/** Seconds late beyond grace and flex, judged on the whole minute (rules.md); 0 when on time. */
function lateness(slot: Slot, at: number): number {
  const judged = Math.floor(at / MIN) * MIN;
  const allowed = (slot.shift.lateGraceMinutes + slot.shift.flexLateMinutes) * MIN;
  return judged - slot.at > allowed ? Math.floor((judged - slot.at - slot.shift.flexLateMinutes * MIN) / 1000) : 0;
}

/** How far a flexible arrival moves the expected leaving time. */
function flexShiftOf(slots: Slot[], out: Slot): number {
  const inSlot = slots.find((s) => s.kind === 'in' && s.workDate === out.workDate && s.segment === out.segment);
  const first = inSlot?.punches[0];
  if (!first) return 0;
  return Math.min(Math.max(0, Math.floor(first.at / MIN) * MIN - (inSlot as Slot).at), out.shift.flexLateMinutes * MIN);
}

function earliness(slot: Slot, at: number, flexShift: number): number {
  const expected = slot.at + flexShift;
  const judged = Math.floor(at / MIN) * MIN;
  return judged < expected ? Math.floor((expected - judged) / 1000) : 0;
}

/** Day verdicts: first in-punch late, last out-punch early, uncovered empty checkpoints missing. */
function judgeDay(day: DayFacts, todayMs: number, onMissing: (cp: Slot) => void, all: Slot[]): void {
  let missing = 0;
  let expected = 0;
  for (const s of day.slots) {
    if (s.at >= todayMs || s.covered) continue;
    expected++;
    if (s.punches.length === 0) {
      missing++;
      onMissing(s);
      continue;
    }
    if (s.kind === 'in') {
      const late = lateness(s, (s.punches[0] as SandboxPunch).at);
      if (late > 0) day.late = { count: day.late.count + 1, sec: day.late.sec + late };
    } else {
      const early = earliness(s, (s.punches[s.punches.length - 1] as SandboxPunch).at, flexShiftOf(all, s));
      if (early > 0) day.early = { count: day.early.count + 1, sec: day.early.sec + early };
    }
  }
  day.missing = missing;
  day.absent = expected > 0 && missing === expected;
  day.outside = day.punches.filter((p) => p.location === 'outside').length;
  const ins = day.slots.filter((s) => s.kind === 'in');
  for (const sIn of ins) {
    const sOut = day.slots.find((s) => s.kind === 'out' && s.segment === sIn.segment);
    const first = sIn.punches[0]?.at;
    const last = sOut?.punches[sOut.punches.length - 1]?.at;
    if (first === undefined || last === undefined || !sOut) continue;
    const from = Math.max(first, sIn.at);
    const to = Math.min(last, sOut.at + flexShiftOf(all, sOut));
    const midnight = sIn.at - sIn.minutes * MIN;
    // Breaks inside the worked interval are not working time.
    const rest = breakMinutes(sIn.shift).reduce((sum, b) => sum + Math.max(0, Math.min(to, midnight + b.end * MIN) - Math.max(from, midnight + b.start * MIN)), 0);
    day.workedSec += Math.max(0, Math.floor((to - from - rest) / 1000));
  }
}
