/**
 * The attendance view DingTalk computes server-side: each employee's scheduled checkpoints
 * (plans), which raw punch answers each checkpoint, and the resulting verdict rows of
 * /attendance/list. /attendance/listRecord, getupdatedata and the schedule APIs all read it.
 */
import type { SandboxCompany } from '../../../../src/sandbox/company.js';
import { dateRange, type LocalCalendar } from '../../../../src/sandbox/calendar.js';
import { holidayKinds, segmentMinutes, shiftKeyFor, type Shift } from '../../../../src/sandbox/schedule.js';
import type { DingtalkIds } from './ids.js';

type Punch = SandboxCompany['punches'][number];
type Approval = SandboxCompany['approvals'][number];

export type CheckType = 'OnDuty' | 'OffDuty';
export type TimeResult = 'Normal' | 'Early' | 'Late' | 'SeriousLate' | 'Absenteeism' | 'NotSigned';

/** Punch windows around a checkpoint, as rules.md defines them (before 120 min, after 240 min). */
const WINDOW_BEFORE_MS = 120 * 60_000;
const WINDOW_AFTER_MS = 240 * 60_000;

export interface PlanPoint {
  planId: number;
  userId: string;
  workDate: string;
  workDateMs: number;
  groupKey: string;
  groupId: number;
  shiftKey: string;
  classId: number;
  segment: number;
  checkType: CheckType;
  baseCheckTime: number;
  windowStart: number;
  windowEnd: number;
}

export interface ResultRow {
  id: number;
  plan: PlanPoint;
  timeResult: TimeResult;
  locationResult: 'Normal' | 'Outside' | 'NotSigned';
  sourceType: 'USER' | 'ATM' | 'APPROVE' | 'SYSTEM';
  userCheckTime: number;
  punch?: Punch;
  approval?: Approval;
}

export interface PunchRecord {
  punch: Punch;
  recordId: number;
  /** Set when this punch is the one DingTalk used for a checkpoint. */
  result?: ResultRow;
}

export interface ScheduleDay {
  userId: string;
  date: string;
  groupKey: string;
  /** null = rest day. */
  shiftKey: string | null;
  plans: PlanPoint[];
}

/** Approval types that excuse a checkpoint they cover (DingTalk writes an APPROVE row). */
const COVERING: ReadonlySet<Approval['type']> = new Set(['leave', 'trip', 'outing', 'time_off', 'field']);

const truncMinute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;

export class Daybook {
  readonly days = new Map<string, ScheduleDay[]>();
  readonly results = new Map<string, ResultRow[]>();
  readonly records = new Map<string, PunchRecord[]>();
  readonly shifts: Map<string, Shift>;

  constructor(company: SandboxCompany, ids: DingtalkIds, cal: LocalCalendar) {
    this.shifts = new Map(company.shifts.map((s) => [s.key, s]));
    const groups = new Map(company.groups.map((g) => [g.key, g]));
    const holidays = holidayKinds(company);
    const punchesBy = groupBy(company.punches, (p) => p.employeeKey);
    const approvedBy = groupBy(company.approvals.filter((a) => a.status === 'approved'), (a) => a.employeeKey);
    const dates = dateRange(company.from, company.to);
    let planSeq = 0;
    let resultSeq = 0;
    for (const emp of company.employees) {
      const group = groups.get(emp.groupKey);
      const days: ScheduleDay[] = [];
      for (const date of dates) {
        if (!group || date < emp.hiredOn) continue;
        const shiftKey = shiftKeyFor(group, date, holidays);
        const shift = shiftKey === null ? undefined : this.shifts.get(shiftKey);
        const plans: PlanPoint[] = [];
        if (shift && shiftKey !== null) {
          segmentMinutes(shift).forEach((seg, i) => {
            for (const [checkType, minutes] of [['OnDuty', seg.start], ['OffDuty', seg.end]] as const) {
              const base = cal.at(date, minutes);
              plans.push({
                planId: 144_872_000_000 + ++planSeq,
                userId: emp.key,
                workDate: date,
                workDateMs: cal.midnight(date),
                groupKey: group.key,
                groupId: ids.groupId(group.key),
                shiftKey,
                classId: ids.classId(shiftKey),
                segment: i + 1,
                checkType,
                baseCheckTime: base,
                windowStart: base - WINDOW_BEFORE_MS,
                windowEnd: base + WINDOW_AFTER_MS,
              });
            }
          });
        }
        days.push({ userId: emp.key, date, groupKey: group.key, shiftKey, plans });
      }
      this.days.set(emp.key, days);
      const plans = days.flatMap((d) => d.plans);
      clipWindows(plans);
      const punches = [...(punchesBy.get(emp.key) ?? [])].sort((a, b) => a.at - b.at);
      const chosen = choosePunches(plans, punches);
      const rows: ResultRow[] = [];
      let inLateMin = 0;
      for (const plan of plans) {
        const shift = this.shifts.get(plan.shiftKey);
        const row = judge(plan, chosen.get(plan.planId), shift, inLateMin, approvedBy.get(emp.key) ?? [], 100_068_000_000 + ++resultSeq);
        if (plan.checkType === 'OnDuty') inLateMin = row.punch ? Math.max(0, (truncMinute(row.punch.at) - plan.baseCheckTime) / 60_000) : 0;
        rows.push(row);
      }
      this.results.set(emp.key, rows);
      const resultByPunch = new Map(rows.filter((r) => r.punch).map((r) => [r.punch?.id, r]));
      this.records.set(
        emp.key,
        punches.map((p) => {
          const result = resultByPunch.get(p.id);
          return { punch: p, recordId: ids.recordId(p.id), ...(result ? { result } : {}) };
        }),
      );
    }
  }

  day(userId: string, date: string): ScheduleDay | undefined {
    return this.days.get(userId)?.find((d) => d.date === date);
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Neighbouring windows must not overlap: split at the midpoint between consecutive checkpoints. */
function clipWindows(plans: PlanPoint[]): void {
  for (let i = 0; i + 1 < plans.length; i++) {
    const a = plans[i];
    const b = plans[i + 1];
    if (!a || !b) continue;
    const mid = Math.floor((a.baseCheckTime + b.baseCheckTime) / 2);
    if (a.windowEnd > mid) a.windowEnd = mid;
    if (b.windowStart < mid) b.windowStart = mid;
  }
}

/** OnDuty takes the earliest punch in its window, OffDuty the latest. */
function choosePunches(plans: readonly PlanPoint[], punches: readonly Punch[]): Map<number, Punch> {
  const out = new Map<number, Punch>();
  let j = 0;
  for (const plan of plans) {
    while (j < punches.length && (punches[j]?.at ?? 0) < plan.windowStart) j++;
    for (let k = j; k < punches.length; k++) {
      const p = punches[k];
      if (!p || p.at >= plan.windowEnd) break;
      if (plan.checkType === 'OnDuty') {
        if (!out.has(plan.planId)) out.set(plan.planId, p);
      } else out.set(plan.planId, p);
    }
  }
  return out;
}

function judge(plan: PlanPoint, punch: Punch | undefined, shift: Shift | undefined, inLateMin: number, approved: readonly Approval[], id: number): ResultRow {
  const base = plan.baseCheckTime;
  if (punch) {
    const grace = shift?.lateGraceMinutes ?? 0;
    const flex = shift?.flexLateMinutes ?? 0;
    const diffMin = (truncMinute(punch.at) - base) / 60_000;
    // Flex: arriving up to `flex` minutes late is fine but shifts the required leave time by as much.
    const timeResult: TimeResult =
      plan.checkType === 'OnDuty' ? (diffMin > grace + flex ? 'Late' : 'Normal') : diffMin < Math.min(inLateMin, flex) ? 'Early' : 'Normal';
    return {
      id,
      plan,
      timeResult,
      locationResult: punch.location === 'outside' ? 'Outside' : 'Normal',
      sourceType: punch.deviceSn ? 'ATM' : 'USER',
      userCheckTime: punch.at,
      punch,
    };
  }
  const approval = approved.find((a) => covers(a, plan));
  if (approval) {
    const at = approval.type === 'correction' ? approval.start : base;
    return { id, plan, timeResult: 'Normal', locationResult: 'Normal', sourceType: 'APPROVE', userCheckTime: at, approval };
  }
  return { id, plan, timeResult: 'NotSigned', locationResult: 'NotSigned', sourceType: 'SYSTEM', userCheckTime: base };
}

/** Leave-like approvals cover checkpoints inside their interval; a 补卡 covers the checkpoint whose window holds its time. */
function covers(a: Approval, plan: PlanPoint): boolean {
  if (a.type === 'correction') return a.start >= plan.windowStart && a.start < plan.windowEnd;
  return COVERING.has(a.type) && a.start <= plan.baseCheckTime && plan.baseCheckTime <= a.end;
}
