import { toDayNumber, type IsoDate } from '../calendar/isoDate.js';
import { isDebit, isLot, type Allocation, type BalanceEntry } from './entry.js';

/** A credit entry with what is left of it after every recorded debit and refund. */
export interface Lot {
  readonly entry: BalanceEntry;
  remaining: number;
}

export interface LedgerState {
  readonly lots: ReadonlyMap<string, Lot>;
  /** Allocations of every debit: as recorded, or derived for debits recorded without them. */
  readonly allocationsOf: ReadonlyMap<string, readonly Allocation[]>;
  /** Per owner (see ownerKey): debit minutes no lot could cover (only imported, unallocated debits). */
  readonly uncovered: ReadonlyMap<string, number>;
}

export interface Owner {
  employeeId: string;
  kind: string;
}

export function ownerKey(owner: Owner): string {
  return `${owner.employeeId}\u0000${owner.kind}`;
}

/** Usable on `date`: already effective and not yet expired (expiresOn is the last usable day). */
export function lotUsableOn(lot: Lot, date: IsoDate): boolean {
  const e = lot.entry;
  return e.effectiveOn <= date && (e.expiresOn === null || e.expiresOn >= date);
}

/** Spending order: earliest expiry first (never-expiring last), then earliest effective, then id. */
export function compareLots(a: Lot, b: Lot): number {
  const ea = a.entry.expiresOn ?? '9999-12-31';
  const eb = b.entry.expiresOn ?? '9999-12-31';
  if (ea !== eb) return ea < eb ? -1 : 1;
  if (a.entry.effectiveOn !== b.entry.effectiveOn) return a.entry.effectiveOn < b.entry.effectiveOn ? -1 : 1;
  return a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0;
}

/** The owner's lots with minutes left that can be used on `date`, in spending order. */
export function usableLots(lots: Iterable<Lot>, owner: Owner, date: IsoDate): Lot[] {
  return [...lots]
    .filter((l) => l.entry.employeeId === owner.employeeId && l.entry.kind === owner.kind)
    .filter((l) => l.remaining > 0 && lotUsableOn(l, date))
    .sort(compareLots);
}

/** Takes up to `minutes` from the lots usable on `date`, in spending order. Does not mutate. */
export function pickAllocations(
  lots: Iterable<Lot>,
  owner: Owner,
  date: IsoDate,
  minutes: number,
): { allocations: Allocation[]; shortfall: number } {
  const usable = usableLots(lots, owner, date);
  const allocations: Allocation[] = [];
  let left = minutes;
  for (const lot of usable) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    allocations.push({ earnEntryId: lot.entry.id, minutes: take });
    left -= take;
  }
  return { allocations, shortfall: left };
}

function byDateThenId(a: BalanceEntry, b: BalanceEntry): number {
  if (a.effectiveOn !== b.effectiveOn) return a.effectiveOn < b.effectiveOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Replays entries into lots. Recorded allocations are applied as they are; debits recorded without
 * allocations (e.g. imported from a vendor) are then allocated in date order by the same rule as
 * new spends, so the result does not depend on the order of `entries`.
 */
export function replay(entries: readonly BalanceEntry[]): LedgerState {
  const lots = new Map<string, Lot>();
  for (const e of entries) {
    toDayNumber(e.effectiveOn);
    if (isLot(e)) lots.set(e.id, { entry: e, remaining: e.minutes });
  }
  const allocationsOf = new Map<string, readonly Allocation[]>();
  const apply = (entry: BalanceEntry, allocations: readonly Allocation[], sign: 1 | -1): void => {
    for (const a of allocations) {
      const lot = lots.get(a.earnEntryId);
      if (!lot) throw new Error(`balance entry ${entry.id} refers to unknown lot ${a.earnEntryId}`);
      lot.remaining += sign * a.minutes;
    }
    allocationsOf.set(entry.id, allocations);
  };
  const unallocated: BalanceEntry[] = [];
  for (const e of entries) {
    if (e.allocations) apply(e, e.allocations, isDebit(e) ? -1 : 1);
    else if (isDebit(e)) unallocated.push(e);
  }
  const uncovered = new Map<string, number>();
  for (const e of unallocated.sort(byDateThenId)) {
    const { allocations, shortfall } = pickAllocations(lots.values(), e, e.effectiveOn, -e.minutes);
    apply(e, allocations, -1);
    if (shortfall > 0) uncovered.set(ownerKey(e), (uncovered.get(ownerKey(e)) ?? 0) + shortfall);
  }
  return { lots, allocationsOf, uncovered };
}
