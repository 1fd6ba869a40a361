import type { Db } from '../ledger/db.js';

/** Months (YYYY-MM) HR has locked for payroll. */
export async function lockedMonths(db: Db): Promise<Set<string>> {
  const rows = (await db('periods').select('month').where('state', 'locked')) as { month: string }[];
  return new Set(rows.map((r) => r.month));
}

function addMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The first month after `month` that is not locked: where a late change to a locked day lands. */
export function nextOpenMonth(month: string, locked: ReadonlySet<string>): string {
  let next = addMonth(month);
  while (locked.has(next)) next = addMonth(next);
  return next;
}
