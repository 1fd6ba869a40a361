import type { LocalCalendar } from './calendar.js';
import type { Rng } from './rng.js';
import type { SandboxApproval } from './company.js';

const HOUR = 3_600_000;
const MIN = 60_000;

type Draft = Omit<SandboxApproval, 'id' | 'status' | 'createdAt' | 'decidedAt' | 'approverKey' | 'reason'>;

const REASONS: Record<SandboxApproval['type'], readonly string[]> = {
  leave: ['家中有事', '身体不适，需要休息', '回老家办事', '孩子生病需要照顾', '个人事务'],
  overtime: ['项目上线', '版本发布支持', '客户紧急需求', '月底结账'],
  correction: ['忘记打卡', '手机没电未能打卡', '打卡机故障'],
  trip: ['拜访客户', '参加行业会议', '分公司支持'],
  outing: ['外出办事', '银行业务', '拜访供应商'],
  time_off: ['加班调休', '调休处理个人事务'],
  field: ['外勤拜访客户', '现场技术支持'],
};

/**
 * Turns an approval draft into a full approval: status (mostly approved), submission and decision
 * instants kept inside [rangeStart, rangeEnd) so a pull over the covered range sees every form.
 */
export class ApprovalFactory {
  readonly out: SandboxApproval[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly rangeStart: number,
    private readonly rangeEnd: number,
  ) {}

  add(draft: Draft, approverKey: string, opts: { submittedAfterStart?: boolean } = {}): SandboxApproval {
    const rng = this.rng;
    const status = rng.weighted([['approved', 80], ['rejected', 8], ['pending', 7], ['revoked', 5]] as const);
    const raw = opts.submittedAfterStart ? draft.start + rng.int(1, 36) * HOUR : draft.start - rng.int(2, 72) * HOUR;
    const createdAt = this.clamp(raw - rng.int(0, 59) * MIN, 6 * HOUR);
    const decidedAt = status === 'pending' ? null : Math.max(createdAt, this.clamp(createdAt + rng.int(10, 1200) * MIN, 0));
    const approval: SandboxApproval = { ...draft, id: '', status, createdAt, decidedAt, approverKey, reason: rng.pick(REASONS[draft.type]) };
    this.out.push(approval);
    return approval;
  }

  /** Keeps an instant inside the range; early ones spread over `spread` ms rather than piling up. */
  private clamp(ms: number, spread: number): number {
    const lo = this.rangeStart + 60_000;
    const hi = this.rangeEnd - 60_000;
    if (ms < lo) return Math.min(hi, lo + this.rng.int(0, Math.floor(spread / MIN)) * MIN);
    return Math.min(hi, ms);
  }

  /** Sorts by submission and assigns WeCom-style numbers: local submit date + 4-digit daily sequence. */
  finish(cal: LocalCalendar): SandboxApproval[] {
    this.out.sort((a, b) => a.createdAt - b.createdAt || a.employeeKey.localeCompare(b.employeeKey) || a.start - b.start);
    const perDay = new Map<string, number>();
    for (const a of this.out) {
      const day = cal.dateOf(a.createdAt).replaceAll('-', '');
      const n = (perDay.get(day) ?? 0) + 1;
      perDay.set(day, n);
      a.id = `${day}${String(n).padStart(4, '0')}`;
    }
    return this.out;
  }
}

/** Whether an approval keeps the employee away (approved, or still pending when the day came). */
export function blocksPunches(a: SandboxApproval): boolean {
  return a.status === 'approved' || a.status === 'pending';
}
