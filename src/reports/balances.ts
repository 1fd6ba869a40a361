import { loadEntries } from '../compute/balances.js';
import type { Db } from '../ledger/db.js';
import { monthRange } from '../periods/month.js';
import { balanceOf, type BalanceEntry } from '../rules/balances/index.js';
import { addDays } from '../rules/time.js';
import { filteredEmployeeIds, type ReportFilter } from './scope.js';

/** One employee's balance of one kind over a month: opening, movements by type, closing. */
export interface BalanceRow {
  employeeId: string;
  name: string;
  kind: string;
  openingMinutes: number;
  earnedMinutes: number;
  usedMinutes: number;
  expiredMinutes: number;
  adjustedMinutes: number;
  closingMinutes: number;
}

function movements(entries: readonly BalanceEntry[], from: string, to: string): Pick<BalanceRow, 'earnedMinutes' | 'usedMinutes' | 'expiredMinutes' | 'adjustedMinutes'> {
  const m = { earnedMinutes: 0, usedMinutes: 0, expiredMinutes: 0, adjustedMinutes: 0 };
  for (const e of entries) {
    if (e.effectiveOn < from || e.effectiveOn > to) continue;
    if (e.type === 'earn') m.earnedMinutes += e.minutes;
    // A refund gives back what a spend took: used is net of refunds.
    else if (e.type === 'spend' || e.type === 'refund') m.usedMinutes -= e.minutes;
    else if (e.type === 'expire') m.expiredMinutes -= e.minutes;
    else m.adjustedMinutes += e.minutes;
  }
  return m;
}

/** Leave and 调休 balances of the month for every employee in the filter who has any entry. */
export async function buildBalanceReport(db: Db, month: string, filter: ReportFilter): Promise<BalanceRow[]> {
  const { from, to } = monthRange(month);
  const ids = [...(await filteredEmployeeIds(db, filter))];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 400) {
    for (const r of (await db('employees').select('id', 'name').whereIn('id', ids.slice(i, i + 400))) as { id: string; name: string }[]) names.set(r.id, r.name);
  }
  const entries = await loadEntries(db, ids);
  const rows: BalanceRow[] = [];
  for (const [employeeId, mine] of entries) {
    for (const kind of [...new Set(mine.map((e) => e.kind))].sort()) {
      const ofKind = mine.filter((e) => e.kind === kind);
      rows.push({
        employeeId, name: names.get(employeeId) ?? employeeId, kind,
        openingMinutes: balanceOf(ofKind, kind, addDays(from, -1)).availableMinutes,
        ...movements(ofKind, from, to),
        closingMinutes: balanceOf(ofKind, kind, to).availableMinutes,
      });
    }
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name) || a.employeeId.localeCompare(b.employeeId) || a.kind.localeCompare(b.kind));
}
