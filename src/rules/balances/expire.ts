import { addDays, toDayNumber, type IsoDate } from '../calendar/isoDate.js';
import type { BalanceEntry } from './entry.js';
import { compareLots, replay } from './ledger.js';

/**
 * Expire entries for the unspent remainder of every lot whose last usable day is before `asOf`.
 * Each is dated the day after that last day, whenever the job runs. Idempotent: once expired a
 * lot has nothing left, so a second run creates nothing; a lot that gets minutes back later (a
 * refund) is expired again under the next numbered key.
 */
export function expire(entries: readonly BalanceEntry[], asOf: IsoDate): BalanceEntry[] {
  toDayNumber(asOf);
  const keys = new Set(entries.map((e) => e.sourceKey));
  const lots = [...replay(entries).lots.values()]
    .filter((l) => l.remaining > 0 && l.entry.expiresOn !== null && l.entry.expiresOn < asOf)
    .sort(compareLots);
  return lots.map((lot) => {
    const { entry } = lot;
    let sourceKey = `expire:${entry.id}`;
    for (let n = 2; keys.has(sourceKey); n++) sourceKey = `expire:${entry.id}#${n}`;
    return {
      id: sourceKey,
      employeeId: entry.employeeId,
      kind: entry.kind,
      type: 'expire',
      minutes: -lot.remaining,
      effectiveOn: addDays(entry.expiresOn!, 1),
      expiresOn: null,
      sourceKey,
      allocations: [{ earnEntryId: entry.id, minutes: lot.remaining }],
    };
  });
}
