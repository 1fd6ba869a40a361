import { loadEntries } from '../compute/balances.js';
import type { Db } from '../ledger/db.js';
import { balanceOf } from '../rules/balances/index.js';
import { addDays } from '../rules/time.js';
import { vendorIdentities, type Reminder } from './recipients.js';

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/**
 * 调休 about to lapse: each employee whose usable balance has minutes expiring within `days`
 * gets one message listing them, computed by the balance ledger's own replay.
 */
export async function expiringTimeOff(db: Db, opts: { today: string; days: number; kind: string }): Promise<{ reminders: Reminder[]; unreachable: number }> {
  const last = addDays(opts.today, opts.days);
  const rows = (await db('balances').distinct('employee_id').where('kind', opts.kind).where('minutes', '>', 0).whereBetween('expires_on', [opts.today, last])) as { employee_id: string }[];
  const ids = rows.map((r) => r.employee_id).sort();
  if (ids.length === 0) return { reminders: [], unreachable: 0 };
  const entries = await loadEntries(db, ids, opts.kind);
  const identities = await vendorIdentities(db, ids);
  const reminders: Reminder[] = [];
  let unreachable = 0;
  for (const id of ids) {
    const soon = balanceOf(entries.get(id) ?? [], opts.kind, opts.today).byExpiry.filter((b) => b.expiresOn !== null && b.expiresOn <= last && b.minutes > 0);
    if (soon.length === 0) continue; // already spent
    const to = identities.get(id);
    if (to === undefined) {
      unreachable += 1;
      continue;
    }
    const parts = soon.map((b) => `${hours(b.minutes)} 小时将于 ${b.expiresOn as string} 到期`);
    reminders.push({ kind: 'time_off_expiry', subject: id, to, text: `调休到期提醒：您的调休余额中 ${parts.join('，')}，请及时安排使用。` });
  }
  return { reminders, unreachable };
}
