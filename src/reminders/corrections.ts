import type { Db } from '../ledger/db.js';
import { addMonths, firstDay } from '../retention/months.js';
import { localDateOf, localToInstant } from '../rules/time.js';
import { recipientKey, type Recipient, type Reminder } from './recipients.js';

/** Corrections that count toward the monthly limit, as the HR API counts them when filing. */
const LIVE = ['pending', 'approved'];

/**
 * Employees over the monthly correction limit who filed another correction in the last day: one
 * digest to each HR recipient. Only a new correction raises it, so HR is not told the same
 * thing every morning for the rest of the month.
 */
export async function frequentCorrections(db: Db, opts: { now: number; timezone: string; limit: number; hr: readonly Recipient[] }): Promise<{ reminders: Reminder[]; unreachable: number }> {
  const today = localDateOf(opts.now, opts.timezone);
  const month = today.slice(0, 7);
  const start = localToInstant(`${month}-01`, 0, opts.timezone);
  const end = localToInstant(firstDay(addMonths(month, 1)), 0, opts.timezone);
  const rows = (await db('requests as r')
    .leftJoin('employees as e', 'e.id', 'r.employee_id')
    .select('r.employee_id', 'e.name')
    .count({ n: '*' })
    .max({ latest: 'r.received_at' })
    .where('r.type', 'correction')
    .whereIn('r.status', LIVE)
    .where('r.start_at', '>=', start)
    .where('r.start_at', '<', end)
    .groupBy('r.employee_id', 'e.name')
    .orderBy('r.employee_id')) as { employee_id: string; name: string | null; n: number | string; latest: number | string }[];
  const over = rows.filter((r) => Number(r.n) > opts.limit && Number(r.latest) > opts.now - 86_400_000);
  if (over.length === 0) return { reminders: [], unreachable: 0 };
  const text = `补卡频繁提醒：本月（${month}）补卡超过 ${opts.limit} 次：${over.map((r) => `${r.name ?? r.employee_id} ${Number(r.n)} 次`).join('，')}。`;
  return {
    reminders: opts.hr.map((to) => ({ kind: 'frequent_corrections', subject: recipientKey(to), to, text })),
    unreachable: opts.hr.length === 0 ? over.length : 0,
  };
}
