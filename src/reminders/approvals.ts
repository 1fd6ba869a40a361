import type { Db } from '../ledger/db.js';
import { localDateOf } from '../rules/time.js';
import { recipientKey, type Recipient, type Reminder } from './recipients.js';

export const REQUEST_LABELS: Record<string, string> = {
  leave: '请假', overtime: '加班', correction: '补卡', trip: '出差', outing: '外出', time_off: '调休', field: '外勤', swap: '换班',
};

interface PendingRow {
  id: number;
  tenant_id: string;
  type: string;
  start_at: number;
  approvers: string | null;
  name: string | null;
}

/** Listed per message; the rest are counted, so a long backlog stays one readable message. */
const LISTED = 5;

/** Who should act now: the approvers whose step is still pending, in the request's own tenant. */
function pendingApprovers(r: PendingRow): Recipient[] {
  const list = r.approvers ? (JSON.parse(r.approvers) as { externalUserId?: string; decision?: string }[]) : [];
  return list.filter((a) => a.decision === 'pending' && typeof a.externalUserId === 'string').map((a) => ({ tenantId: r.tenant_id, userid: a.externalUserId as string }));
}

/**
 * Requests pending longer than the threshold, one message per approver listing what waits for
 * them. A request with no pending approver on record (filed through the API, or a vendor flow
 * that does not say) goes to HR.
 */
export async function pendingApprovals(db: Db, opts: { now: number; hours: number; timezone: string; hr: readonly Recipient[] }): Promise<{ reminders: Reminder[]; unreachable: number }> {
  const before = opts.now - opts.hours * 3_600_000;
  const rows = (await db('requests as r')
    .leftJoin('employees as e', 'e.id', 'r.employee_id')
    .select('r.id', 'r.tenant_id', 'r.type', 'r.start_at', 'r.approvers', 'e.name')
    .where('r.status', 'pending')
    .andWhere((q) => q.where('r.submitted_at', '<', before).orWhere((w) => w.whereNull('r.submitted_at').andWhere('r.received_at', '<', before)))
    .orderBy('r.id')) as PendingRow[];
  const byRecipient = new Map<string, { to: Recipient; lines: string[] }>();
  let unreachable = 0;
  for (const r of rows) {
    const to = pendingApprovers(r);
    const targets = to.length > 0 ? to : opts.hr;
    if (targets.length === 0) unreachable += 1;
    const line = `${r.name ?? '—'} ${REQUEST_LABELS[r.type] ?? r.type} ${localDateOf(Number(r.start_at), opts.timezone)}`;
    for (const t of targets) {
      const entry = byRecipient.get(recipientKey(t)) ?? { to: t, lines: [] };
      entry.lines.push(line);
      byRecipient.set(recipientKey(t), entry);
    }
  }
  const reminders = [...byRecipient.values()].map(({ to, lines }) => ({
    kind: 'approval_pending',
    subject: recipientKey(to),
    to,
    text: `待审批提醒：${lines.length} 个考勤审批已等待超过 ${opts.hours} 小时：${lines.slice(0, LISTED).join('；')}${lines.length > LISTED ? ` 等` : ''}。`,
  }));
  return { reminders, unreachable };
}
