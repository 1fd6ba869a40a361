/**
 * Run planning shared by the dated streams: where a run starts (explicit range, an unfinished
 * checkpoint, the day the last run ended, or the first bounded backfill) and how the
 * "days × users" APIs (≤ 7 days × ≤ 50 users per call) walk a range with the fewest calls.
 */
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamContext, StreamDef, StreamPlan } from '../../../src/vendor/contract.js';
import type { CallMeter } from '../client.js';
import { addDays, daysInclusive, maxDate, minDate } from '../map/time.js';

export interface DatedCursor {
  from: string;
  to: string;
}

type StartInput = Parameters<StreamPlan<unknown>['start']>[0];

/**
 * The first cursor of a run. An incremental run after a finished one starts again on the day the
 * last run ended (it was partial then) and runs to today; `oldest` clamps to the vendor's retention.
 */
export function startDated<C extends DatedCursor>(input: StartInput & { saved: C | null }, fresh: (from: string, to: string) => C, finished: (c: C) => boolean, oldest?: string): C {
  const clamp = (from: string): string => (oldest === undefined ? from : maxDate(from, oldest));
  if (input.range) return fresh(clamp(input.range.from), input.range.to);
  const saved = input.saved;
  if (saved && !finished(saved)) return saved;
  if (saved) return fresh(clamp(minDate(saved.to, input.today)), input.today);
  return fresh(clamp(addDays(input.today, -(Math.max(1, input.backfillDays) - 1))), input.today);
}

/** Days × users grid walked day-chunk by day-chunk; inside one, users after `after` (ids sorted). */
export interface GridCursor extends DatedCursor {
  /** First day of the current day chunk; past `to` when the run is finished. */
  day: string;
  /** Last user id done in the current day chunk (stable when users are added). */
  after: string | null;
}

export const gridFresh = (from: string, to: string): GridCursor => ({ from, to, day: from, after: null });
export const gridFinished = (c: GridCursor): boolean => c.day > c.to;

export interface GridCell {
  users: string[];
  from: string;
  to: string;
  /** The cursor once this cell is committed. */
  next: GridCursor;
  /** True when no cell follows. */
  last: boolean;
}

export function gridMinimum(range: DatedCursor, users: number, usersPerCall: number, daysPerCall: number): number {
  return Math.ceil(users / usersPerCall) * Math.ceil(daysInclusive(range.from, range.to) / daysPerCall);
}

/** The cursor that says "finished" (what a run over an empty grid leaves). */
export const gridDone = (c: GridCursor): GridCursor => ({ ...c, day: addDays(c.to, 1), after: null });

/** The next cell to fetch, or null when the grid is done. */
export async function nextCell(c: GridCursor, ctx: StreamContext, usersPerCall: number, daysPerCall: number): Promise<GridCell | null> {
  const ids = await ctx.userIds();
  let day = c.day;
  let after = c.after;
  while (day <= c.to) {
    const done = after;
    const rest = done === null ? ids : ids.filter((u) => u > done);
    const users = rest.slice(0, usersPerCall);
    if (users.length > 0) {
      const to = minDate(addDays(day, daysPerCall - 1), c.to);
      const lastUser = users[users.length - 1] as string;
      const moreUsers = rest.length > users.length;
      const nextDay = addDays(day, daysPerCall);
      const next: GridCursor = moreUsers ? { ...c, day, after: lastUser } : { ...c, day: nextDay, after: null };
      const last = !moreUsers && nextDay > c.to;
      return { users, from: day, to, next, last };
    }
    day = addDays(day, daysPerCall);
    after = null;
  }
  return null;
}

/** listRecord and the punch results keep 180 days (§5.1, §5.2): the oldest a first backfill asks for. */
export const RECORD_RETENTION_DAYS = 180;

/**
 * A stream that walks the users × days grid one cell per page (punches, punch results): only
 * how a cell is fetched differs; the cursor, the backfill bound and the call bound are shared.
 */
export function gridStream(spec: {
  name: string;
  urgent: boolean;
  usersPerCall: number;
  daysPerCall: number;
  fetchCell(cell: GridCell, meter: CallMeter): Promise<LedgerChangeInput[]>;
}): StreamDef<GridCursor> {
  return {
    name: spec.name,
    urgent: spec.urgent,
    start: (input) => startDated(input, gridFresh, gridFinished, addDays(input.today, -(RECORD_RETENTION_DAYS - 1))),
    minimumCalls: (range, users) => gridMinimum(range, users, spec.usersPerCall, spec.daysPerCall),
    async fetchPage(cursor, ctx) {
      const cell = await nextCell(cursor, ctx, spec.usersPerCall, spec.daysPerCall);
      if (!cell) return { changes: [], next: gridDone(cursor), done: true, calls: 0 };
      const meter: CallMeter = { calls: 0 };
      const changes = await spec.fetchCell(cell, meter);
      return { changes, next: cell.next, done: cell.last, calls: meter.calls };
    },
  };
}
