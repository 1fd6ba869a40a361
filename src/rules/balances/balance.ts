import { toDayNumber, type IsoDate } from '../calendar/isoDate.js';
import type { BalanceEntry } from './entry.js';
import { compareLots, lotUsableOn, ownerKey, replay } from './ledger.js';

export interface BalanceBucket {
  /** Last usable day; null = never expires. */
  expiresOn: IsoDate | null;
  minutes: number;
}

export interface Balance {
  employeeId: string;
  kind: string;
  asOf: IsoDate;
  /** What can be spent on `asOf`: usable lots minus any uncovered imported debit. */
  availableMinutes: number;
  /** Usable minutes by expiry date, soonest first, never-expiring last. */
  byExpiry: BalanceBucket[];
  /** Minutes past their expiry that no expire entry has recorded yet (the expire job is due). */
  lapsedUnrecordedMinutes: number;
  /** Imported debits that no lot covered (a debt); 0 for entries this module produced. */
  uncoveredMinutes: number;
}

/**
 * One employee's balance of one kind as of a date, counting the entries effective on or before it.
 * Throws when `entries` of that kind belong to more than one employee.
 */
export function balanceOf(entries: readonly BalanceEntry[], kind: string, asOf: IsoDate): Balance {
  toDayNumber(asOf);
  const relevant = entries.filter((e) => e.kind === kind && e.effectiveOn <= asOf);
  const employees = new Set(relevant.map((e) => e.employeeId));
  if (employees.size > 1) throw new Error(`balanceOf needs one employee's entries, got ${[...employees].join(', ')}`);
  const employeeId = [...employees][0] ?? '';
  const state = replay(relevant);
  const lots = [...state.lots.values()].filter((l) => l.remaining !== 0).sort(compareLots);
  const byExpiry: BalanceBucket[] = [];
  let lapsed = 0;
  for (const lot of lots) {
    if (!lotUsableOn(lot, asOf)) {
      lapsed += Math.max(0, lot.remaining);
      continue;
    }
    const last = byExpiry.at(-1);
    if (last && last.expiresOn === lot.entry.expiresOn) last.minutes += lot.remaining;
    else byExpiry.push({ expiresOn: lot.entry.expiresOn, minutes: lot.remaining });
  }
  const uncovered = state.uncovered.get(ownerKey({ employeeId, kind })) ?? 0;
  const usable = byExpiry.reduce((s, b) => s + b.minutes, 0);
  return {
    employeeId,
    kind,
    asOf,
    availableMinutes: usable - uncovered,
    byExpiry,
    lapsedUnrecordedMinutes: lapsed,
    uncoveredMinutes: uncovered,
  };
}
