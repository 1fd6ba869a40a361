import { LocalCalendar, addDays } from '../../../src/sandbox/calendar.js';
import type { SandboxApproval, SandboxCompany, SandboxEmployee, SandboxPunch } from '../../../src/sandbox/company.js';
import { holidayKinds } from '../../../src/sandbox/schedule.js';
import type { Clock } from '../../../src/clock.js';
import { TOKEN_TTL_SECONDS } from '../descriptor.js';
import { sandboxCredentials, type WecomCredentials } from './credentials.js';
import { FaultInjector, MinuteLimiter } from './limits.js';
import { TokenStore } from './tokens.js';

/** Everything the sandbox knows and has been told: the company, written data, counters. */
export class WecomSandboxState {
  readonly creds: WecomCredentials;
  readonly cal: LocalCalendar;
  readonly tokens: TokenStore;
  readonly limiter = new MinuteLimiter();
  readonly faults: FaultInjector;
  readonly employees = new Map<string, SandboxEmployee>();
  readonly holidayKinds: Map<string, 'holiday' | 'makeup'>;
  /** Company punches plus written ones (add_checkin_record, punch_correction), per user in time order. */
  private readonly punchesByUser = new Map<string, SandboxPunch[]>();
  readonly approvals: SandboxApproval[];
  readonly approvalsById = new Map<string, SandboxApproval>();
  private readonly approvalsByUser = new Map<string, SandboxApproval[]>();
  /** Future schedule changes from setcheckinschedulist: `${userid}|${date}` → shift key (null = rest). */
  readonly scheduleOverrides = new Map<string, string | null>();
  /** Vacation balances set through setoneuserquota: `${userid}|${vacationId}` → left seconds. */
  readonly quotaOverrides = new Map<string, number>();
  readonly oauthCodes = new Map<string, { userid: string; expiresAt: number }>();
  readonly calls: Record<string, number> = {};
  readonly writes = { add_checkin_record: 0, punch_correction: 0, setcheckinschedulist: 0, applyevent: 0, setoneuserquota: 0 };
  punchCount: number;
  private written = 0;
  /** Bumped on every write so cached views can tell they are stale. */
  version = 0;

  constructor(
    readonly company: SandboxCompany,
    readonly clock: Clock,
    faultRate: number,
    readonly today: string,
  ) {
    this.creds = sandboxCredentials(company.seed);
    this.cal = new LocalCalendar(company.timezone);
    this.cal.warm(addDays(company.from, -2), addDays(today, 40));
    this.tokens = new TokenStore(company.seed, TOKEN_TTL_SECONDS);
    this.faults = new FaultInjector(company.seed, faultRate);
    for (const e of company.employees) this.employees.set(e.key, e);
    for (const p of company.punches) {
      const list = this.punchesByUser.get(p.employeeKey) ?? [];
      list.push(p);
      this.punchesByUser.set(p.employeeKey, list);
    }
    this.punchCount = company.punches.length;
    this.approvals = [...company.approvals];
    for (const a of this.approvals) this.index(a);
    this.holidayKinds = holidayKinds(company);
  }

  now(): number {
    return this.clock.now();
  }

  punchesOf(userid: string): readonly SandboxPunch[] {
    return this.punchesByUser.get(userid) ?? [];
  }

  addPunch(p: Omit<SandboxPunch, 'id'>): SandboxPunch {
    const punch: SandboxPunch = { ...p, id: `w${++this.written}` };
    const list = this.punchesByUser.get(p.employeeKey) ?? [];
    list.push(punch);
    list.sort((a, b) => a.at - b.at);
    this.punchesByUser.set(p.employeeKey, list);
    this.punchCount++;
    this.version++;
    return punch;
  }

  addApproval(a: SandboxApproval): void {
    this.approvals.push(a);
    this.index(a);
    this.version++;
  }

  /** One employee's forms, in submission order. */
  approvalsOf(userid: string): readonly SandboxApproval[] {
    return this.approvalsByUser.get(userid) ?? [];
  }

  private index(a: SandboxApproval): void {
    this.approvalsById.set(a.id, a);
    const list = this.approvalsByUser.get(a.employeeKey) ?? [];
    list.push(a);
    this.approvalsByUser.set(a.employeeKey, list);
  }

  /** Next approval number for a submission instant: local date + daily sequence. */
  nextSpNo(at: number): string {
    const day = this.cal.dateOf(at).replaceAll('-', '');
    let n = 1;
    while (this.approvalsById.has(`${day}${String(n).padStart(4, '0')}`)) n++;
    return `${day}${String(n).padStart(4, '0')}`;
  }
}
