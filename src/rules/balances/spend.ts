import { toDayNumber, type IsoDate } from '../calendar/isoDate.js';
import { findBySourceKey, type BalanceEntry } from './entry.js';
import { ownerKey, pickAllocations, replay, usableLots } from './ledger.js';

export interface SpendRequest {
  employeeId: string;
  kind: string;
  /** The request's idempotency key, e.g. `req:<requestId>`. */
  sourceKey: string;
  minutes: number;
  /** The (first) day of the leave: lots must be usable on it. */
  effectiveOn: IsoDate;
}

export type SpendOutcome =
  | { status: 'created'; entry: BalanceEntry }
  | { status: 'exists'; entry: BalanceEntry }
  | { status: 'insufficient'; availableMinutes: number; neededMinutes: number };

/**
 * Takes a leave / 调休 request's minutes from the balance, earliest expiry first (then earliest
 * effective). Every recorded debit counts, including ones dated later, since they are committed.
 */
export function allocateSpend(entries: readonly BalanceEntry[], request: SpendRequest): SpendOutcome {
  if (!Number.isInteger(request.minutes) || request.minutes <= 0) {
    throw new RangeError(`a spend needs a positive whole number of minutes, got ${request.minutes}`);
  }
  toDayNumber(request.effectiveOn);
  const existing = findBySourceKey(entries, request.sourceKey);
  if (existing) return { status: 'exists', entry: existing };
  const state = replay(entries);
  // Debits that no lot covered (imported data) are owed before anything new can be spent.
  const owed = state.uncovered.get(ownerKey(request)) ?? 0;
  const usable = usableLots(state.lots.values(), request, request.effectiveOn).reduce((s, l) => s + l.remaining, 0);
  const availableMinutes = Math.max(0, usable - owed);
  if (availableMinutes < request.minutes) {
    return { status: 'insufficient', availableMinutes, neededMinutes: request.minutes };
  }
  const { allocations } = pickAllocations(state.lots.values(), request, request.effectiveOn, request.minutes);
  return {
    status: 'created',
    entry: {
      id: request.sourceKey,
      employeeId: request.employeeId,
      kind: request.kind,
      type: 'spend',
      minutes: -request.minutes,
      effectiveOn: request.effectiveOn,
      expiresOn: null,
      sourceKey: request.sourceKey,
      allocations,
    },
  };
}

export function refundSourceKey(requestSourceKey: string): string {
  return `refund:${requestSourceKey}`;
}

export type RefundOutcome =
  | { status: 'created'; entry: BalanceEntry }
  | { status: 'exists'; entry: BalanceEntry }
  | { status: 'not_found' };

/**
 * Gives back exactly what a revoked request took: a refund entry restoring the same lots by the
 * same minutes. It is dated like the spend (default) so that the history reads as if the leave
 * never happened. Minutes restored to a lot that has meanwhile expired lapse at the next `expire`.
 */
export function refund(entries: readonly BalanceEntry[], requestSourceKey: string, effectiveOn?: IsoDate): RefundOutcome {
  const spend = entries.find((e) => e.sourceKey === requestSourceKey && e.type === 'spend');
  if (!spend) return { status: 'not_found' };
  const key = refundSourceKey(requestSourceKey);
  const existing = findBySourceKey(entries, key);
  if (existing) return { status: 'exists', entry: existing };
  const allocations = replay(entries).allocationsOf.get(spend.id) ?? [];
  const minutes = allocations.reduce((s, a) => s + a.minutes, 0);
  // An imported spend that no lot covered took nothing, so there is nothing to give back.
  if (minutes === 0) return { status: 'not_found' };
  return {
    status: 'created',
    entry: {
      id: key,
      employeeId: spend.employeeId,
      kind: spend.kind,
      type: 'refund',
      minutes,
      effectiveOn: effectiveOn ?? spend.effectiveOn,
      expiresOn: null,
      sourceKey: key,
      allocations: allocations.map((a) => ({ ...a })),
    },
  };
}
