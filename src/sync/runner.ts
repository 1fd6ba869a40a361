import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import { applyChanges, type ApplySummary } from '../ledger/apply.js';
import type { Db } from '../ledger/db.js';
import type { DateRange, StreamDef, TenantConnector } from '../vendor/contract.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoints.js';

export interface StreamRunResult {
  stream: string;
  pages: number;
  calls: number;
  /** Records the vendor returned (as ledger changes). */
  records: number;
  /** Of those, rows new or changed in the ledger; the rest were already there unchanged. */
  written: number;
}

export interface RunOptions {
  clock: Clock;
  backfillDays: number;
  /** An explicit re-pull: runs from the range's start and leaves the incremental checkpoint alone. */
  range?: DateRange;
  onPage?: (info: { stream: string; pages: number; changes: number }) => void;
  /** Cancels between pages (a lost lease, a budget pause). */
  shouldStop?: () => boolean;
}

/** The tenant's user ids the ledger knows, sorted, so chunked APIs page through a stable order. */
export async function tenantUserIds(db: Db, tenantId: string): Promise<string[]> {
  return (await db('employee_identities').where('tenant_id', tenantId).orderBy('external_user_id').pluck('external_user_id')) as string[];
}

function total(s: ApplySummary): number {
  return Object.values(s.written).reduce((a, b) => a + (b ?? 0), 0);
}

/**
 * Runs one stream of one tenant: checkpoint → fetch page → apply + next checkpoint in one
 * transaction → … until the stream says it is done. A crash between pages loses nothing: the
 * saved checkpoint points at the first page not yet committed, and re-applying is idempotent.
 */
export async function runStream(db: Db, connector: TenantConnector, stream: StreamDef, opts: RunOptions): Promise<StreamRunResult> {
  const tenantId = connector.tenant.id;
  const today = DateTime.fromMillis(opts.clock.now(), { zone: connector.timezone }).toISODate() as string;
  const incremental = opts.range === undefined;
  const saved = incremental ? await loadCheckpoint(db, tenantId, stream.name) : null;
  let cursor = stream.start({ saved, range: opts.range ?? null, today, backfillDays: opts.backfillDays });
  const result: StreamRunResult = { stream: stream.name, pages: 0, calls: 0, records: 0, written: 0 };
  const ctx = { userIds: () => tenantUserIds(db, tenantId) };
  for (;;) {
    if (opts.shouldStop?.()) return result;
    const page = await stream.fetchPage(cursor, ctx);
    const checkpoint = page.done && stream.finish ? stream.finish(page.next, today) : page.next;
    const summary = await db.transaction(async (trx) => {
      const s = await applyChanges(trx, { id: tenantId, timezone: connector.timezone }, page.changes, opts.clock);
      if (incremental) await saveCheckpoint(trx, tenantId, stream.name, checkpoint, opts.clock.now());
      return s;
    });
    result.pages += 1;
    result.calls += page.calls;
    result.records += page.changes.length;
    result.written += total(summary);
    opts.onPage?.({ stream: stream.name, pages: result.pages, changes: page.changes.length });
    if (page.done) return result;
    cursor = page.next;
  }
}
