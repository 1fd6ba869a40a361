import type { Knex } from 'knex';
import { backoffMs } from '../backoff.js';
import type { Clock } from '../clock.js';
import { VendorError } from '../http/vendorError.js';
import { dialectOf, type Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import { recordRequestLink } from '../routing/links.js';
import type { TenantConnector } from '../vendor/contract.js';

export interface OutboxItem {
  /** Same key, same write: enqueueing it again is a no-op. */
  idempotencyKey: string;
  tenantId: string;
  kind: string;
  payload: Record<string, unknown>;
}

interface OutboxRow {
  id: number;
  idempotency_key: string;
  tenant_id: string;
  kind: string;
  payload: string;
  attempts: number;
  last_error: string | null;
  /** The previous claim of this row ended mid-call (its worker died): the vendor may have applied the write. */
  maybeApplied: boolean;
}

/**
 * What a claim writes into `last_error` until the attempt ends: a failure overwrites it with the
 * error, success clears it. A row claimed again with the marker still there was left by a worker
 * that died during the vendor call.
 */
export const IN_FLIGHT = 'in flight';

/** Enqueues write-backs, in the caller's transaction when it has one. */
export async function enqueue(db: Db | Knex.Transaction, items: readonly OutboxItem[], now: number): Promise<void> {
  for (let i = 0; i < items.length; i += 400) {
    const rows = items.slice(i, i + 400).map((it) => ({
      idempotency_key: it.idempotencyKey,
      tenant_id: it.tenantId,
      kind: it.kind,
      payload: JSON.stringify(it.payload),
      state: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    }));
    await db('writeback_outbox').insert(rows).onConflict('idempotency_key').ignore();
  }
}

/**
 * Claims due items for one worker. MySQL locks candidate rows with FOR UPDATE SKIP LOCKED so
 * concurrent workers take disjoint sets; SQLite has one writer at a time, so a conditional
 * UPDATE of the claim column is enough. A claim expires, so a crashed worker's items return,
 * flagged `maybeApplied` (see IN_FLIGHT).
 */
export async function claim(db: Db, worker: string, now: number, limit: number, claimMs = 120_000): Promise<OutboxRow[]> {
  const until = now + claimMs;
  const due = (q: Knex.QueryBuilder) =>
    q.where('state', 'pending').andWhere('next_attempt_at', '<=', now).andWhere((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<', now));
  // Ordered along the (state, next_attempt_at) index so the scan, and so the row locks, stop at the limit.
  const candidates = (trx: Knex.Transaction) => due(trx('writeback_outbox').select('id', 'last_error')).orderBy([{ column: 'next_attempt_at' }, { column: 'id' }]).limit(limit);
  const mysql = dialectOf(db) === 'mysql';
  const attempt = () =>
    db.transaction(async (trx) => {
      const found = (await (mysql ? candidates(trx).forUpdate().skipLocked() : candidates(trx))) as { id: number; last_error: string | null }[];
      if (found.length === 0) return [];
      const ids = found.map((r) => r.id);
      const interrupted = new Set(found.filter((r) => r.last_error === IN_FLIGHT).map((r) => r.id));
      // On MySQL the rows are locked by us, so the primary key alone is enough; SQLite re-checks.
      await (mysql ? trx('writeback_outbox').whereIn('id', ids) : due(trx('writeback_outbox').whereIn('id', ids))).update({ claimed_by: worker, claimed_until: until, last_error: IN_FLIGHT });
      const rows = (await trx('writeback_outbox').whereIn('id', ids).andWhere({ claimed_by: worker, claimed_until: until }).orderBy('id')) as Omit<OutboxRow, 'maybeApplied'>[];
      return rows.map((r) => ({ ...r, maybeApplied: interrupted.has(r.id) }));
    });
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      // InnoDB may pick a claim as a deadlock victim; nothing was claimed, so trying again is safe.
      if ((err as { errno?: number }).errno !== 1213 || tries >= 3) throw err;
    }
  }
}

export interface FlushOptions {
  clock: Clock;
  logger: Logger;
  worker: string;
  connector(tenantId: string): TenantConnector | undefined;
  batchSize?: number;
  maxAttempts?: number;
  random?: () => number;
}

export interface FlushResult {
  done: number;
  retrying: number;
  parked: number;
}

/** Performs claimed write-backs: done, or backed off when transient, or parked with the vendor's code. */
export async function flushOutbox(db: Db, opts: FlushOptions): Promise<FlushResult> {
  const now = opts.clock.now();
  const random = opts.random ?? Math.random;
  const maxAttempts = opts.maxAttempts ?? 10;
  const result: FlushResult = { done: 0, retrying: 0, parked: 0 };
  for (const row of await claim(db, opts.worker, now, opts.batchSize ?? 100)) {
    const attempts = row.attempts + 1;
    try {
      const connector = opts.connector(row.tenant_id);
      if (connector === undefined) throw new VendorError('none', row.kind, 'no_tenant', `tenant "${row.tenant_id}" is not configured`, 'fail');
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      const created = await connector.writeBack({ kind: row.kind, payload, idempotencyKey: row.idempotency_key, ...(row.maybeApplied ? { maybeApplied: true } : {}) });
      const markDone = (q: Db | Knex.Transaction) =>
        q('writeback_outbox').where('id', row.id).update({ state: 'done', attempts, done_at: opts.clock.now(), claimed_by: null, claimed_until: null, last_error: null });
      const requestId = payload.requestId;
      if (created && typeof requestId === 'string') {
        // The link commits with the done mark: a done item always has its link, and the approval
        // the vendor reports later updates the request it was filed for.
        await db.transaction(async (trx) => {
          await recordRequestLink(trx, { tenantId: row.tenant_id, externalId: created.externalRef, requestId }, connector.timezone, opts.clock.now());
          await markDone(trx);
        });
      } else {
        await markDone(db);
      }
      result.done += 1;
    } catch (err) {
      const transient = !(err instanceof VendorError) || err.transient;
      const park = !transient || attempts >= maxAttempts;
      await db('writeback_outbox')
        .where('id', row.id)
        .update({
          state: park ? 'parked' : 'pending',
          attempts,
          next_attempt_at: now + backoffMs(attempts, random(), 10_000),
          claimed_by: null,
          claimed_until: null,
          vendor_code: err instanceof VendorError ? err.code : null,
          last_error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
        });
      opts.logger.warn({ outboxId: row.id, kind: row.kind, tenantId: row.tenant_id, attempts, parked: park }, 'write-back failed');
      if (park) result.parked += 1;
      else result.retrying += 1;
    }
  }
  return result;
}

/** Puts parked write-backs back in the queue. */
export async function replayParked(db: Db, now: number, ids?: number[]): Promise<number> {
  const q = db('writeback_outbox').where('state', 'parked');
  if (ids !== undefined) q.whereIn('id', ids);
  return q.update({ state: 'pending', attempts: 0, next_attempt_at: now });
}
