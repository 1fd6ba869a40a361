import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { DateRange, StreamDef, StreamPlan } from '../../../src/vendor/contract.js';
import type { CallTally } from '../client.js';
import { addDays, daysInclusive } from '../map/time.js';

/**
 * Cursors of the date-ranged streams. A run covers [from, to]; `day` is the first day of the
 * current span and `after` the last user id already fetched in it, so users added while a run is
 * paused are picked up by id order instead of shifting a numeric offset. `finished` marks the
 * checkpoint a completed run leaves: the next incremental run starts at its last day (that day
 * may have grown since) and ends today.
 */
export interface RangeCursor {
  from: string;
  to: string;
  day: string;
  after: string | null;
  finished?: true;
}

export const rangePlan: StreamPlan<RangeCursor> = {
  start({ saved, range, today, backfillDays }) {
    if (range !== null) return { from: range.from, to: range.to, day: range.from, after: null };
    if (saved !== null && saved.finished !== true) return saved;
    const from = saved !== null ? saved.to : addDays(today, -(Math.max(1, backfillDays) - 1));
    return { from, to: today, day: from, after: null };
  },
  finish(cursor) {
    return { from: cursor.to, to: cursor.to, day: cursor.to, after: null, finished: true };
  },
};

export interface Chunk {
  users: string[];
  first: string;
  last: string;
}

/**
 * The next (≤ maxUsers users) × (≤ spanDays days) chunk at the cursor, and the cursor after it.
 * Users run fastest, so a span is finished before the next one starts.
 */
export function nextChunk(cursor: RangeCursor, users: readonly string[], maxUsers: number, spanDays: number): { chunk: Chunk | null; next: RangeCursor; done: boolean } {
  let c = cursor;
  while (c.day <= c.to) {
    const after = c.after;
    const remaining = after === null ? users : users.filter((u) => u > after);
    if (remaining.length === 0) {
      c = { ...c, day: addDays(c.day, spanDays), after: null };
      continue;
    }
    const picked = remaining.slice(0, maxUsers);
    const lastDay = addDays(c.day, spanDays - 1);
    const chunk = { users: picked, first: c.day, last: lastDay < c.to ? lastDay : c.to };
    const next: RangeCursor = remaining.length > maxUsers ? { ...c, after: picked[picked.length - 1] ?? null } : { ...c, day: addDays(c.day, spanDays), after: null };
    return { chunk, next, done: next.day > next.to };
  }
  return { chunk: null, next: c, done: true };
}

/** ceil(users / maxUsers) × ceil(days / spanDays): the fewest calls the chunk limits allow. */
export function chunkCalls(range: DateRange, users: number, maxUsers: number, spanDays: number): number {
  return Math.ceil(users / maxUsers) * Math.ceil(daysInclusive(range.from, range.to) / spanDays);
}

/**
 * A stream that pages over the known users in (maxUsers × spanDays) chunks, one vendor call each.
 */
export function chunkedStream(def: {
  name: string;
  urgent: boolean;
  maxUsers: number;
  spanDays: number;
  fetch(chunk: Chunk, tally: CallTally): Promise<LedgerChangeInput[]>;
}): StreamDef<RangeCursor> {
  return {
    ...rangePlan,
    name: def.name,
    urgent: def.urgent,
    minimumCalls: (range, users) => chunkCalls(range, users, def.maxUsers, def.spanDays),
    async fetchPage(cursor, ctx) {
      const { chunk, next, done } = nextChunk(cursor, await ctx.userIds(), def.maxUsers, def.spanDays);
      const tally: CallTally = { calls: 0 };
      const changes = chunk === null ? [] : await def.fetch(chunk, tally);
      return { changes, next, done, calls: tally.calls };
    },
  };
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the output. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
