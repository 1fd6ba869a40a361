/**
 * DingTalk-shaped identifiers for the vendor-neutral company: numeric group/class/plan/record ids,
 * UUID-like process instance ids and one process code per approval type. All derived from the
 * company's order and seed, so two runs with one seed answer identical ids.
 */
import { createHash } from 'node:crypto';
import type { SandboxCompany } from '../../../../src/sandbox/company.js';

export type ApprovalType = SandboxCompany['approvals'][number]['type'];

export const approvalTypes: readonly ApprovalType[] = ['leave', 'overtime', 'correction', 'trip', 'outing', 'time_off', 'field'];

function hashHex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export class DingtalkIds {
  private readonly groups: Map<string, number>;
  private readonly classes: Map<string, number>;
  private readonly approvals: Map<string, number>;
  private readonly punches: Map<string, number>;
  readonly processCodes: Record<ApprovalType, string>;

  constructor(private readonly company: SandboxCompany) {
    this.groups = new Map(company.groups.map((g, i) => [g.key, 685_935_000 + i + 1]));
    this.classes = new Map(company.shifts.map((s, i) => [s.key, 677_995_000 + i + 1]));
    this.approvals = new Map(company.approvals.map((a, i) => [a.id, i]));
    this.punches = new Map(company.punches.map((p, i) => [p.id, i]));
    const codes = {} as Record<ApprovalType, string>;
    for (const t of approvalTypes) codes[t] = `PROC-${hashHex(`${company.seed}:${t}`).slice(0, 8).toUpperCase()}-${t.toUpperCase()}`;
    this.processCodes = codes;
  }

  groupId(key: string): number {
    return this.groups.get(key) ?? 0;
  }
  classId(key: string): number {
    return this.classes.get(key) ?? 0;
  }
  /** Inverse of classId, for shift/query. */
  shiftKeyOf(classId: number): string | undefined {
    for (const [k, v] of this.classes) if (v === classId) return k;
    return undefined;
  }
  typeOfProcessCode(code: string): ApprovalType | undefined {
    return approvalTypes.find((t) => this.processCodes[t] === code);
  }
  /** Numeric attendance-side approval id (`approveId`). */
  approveId(approvalId: string): number {
    return 2_376_620_000 + (this.approvals.get(approvalId) ?? 0);
  }
  /** Process instance id, shaped like DingTalk's (`59f77e82-…`). */
  processInstanceId(approvalId: string): string {
    const h = hashHex(`${this.company.seed}:pi:${approvalId}`);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }
  businessId(approvalId: string): string {
    return String(202_000_000_000 + (this.approvals.get(approvalId) ?? 0));
  }
  /** Cross-app person id (§7 userid vs unionid). */
  unionId(userid: string): string {
    return `${hashHex(`${this.company.seed}:union:${userid}`).slice(0, 22)}iE`;
  }
  recordId(punchId: string): number {
    return 43_047_000_000 + (this.punches.get(punchId) ?? 0);
  }
}
