import type { Knex } from 'knex';
import { appendEntries, loadEntries } from '../compute/balances.js';
import type { Db } from '../ledger/db.js';
import type { BalanceEntry } from '../rules/balances/index.js';

/** The 调休 kind, as the balance policy names it by default. */
export const TIME_OFF_KIND = 'time_off';

/** One employee's balance entries as the pure balance functions take them (ids are source keys). */
export async function loadBalanceEntries(db: Db | Knex.Transaction, employeeId: string, kind?: string): Promise<BalanceEntry[]> {
  return (await loadEntries(db, [employeeId], kind)).get(employeeId) ?? [];
}

/** Appends entries produced by the pure functions (spend, refund) to the ledger. */
export async function insertBalanceEntries(trx: Knex.Transaction, entries: readonly BalanceEntry[], now: number): Promise<void> {
  await appendEntries(trx, entries, now);
}
