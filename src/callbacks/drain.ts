import type { Clock } from '../clock.js';
import { backoffMs } from '../backoff.js';
import { applyChanges } from '../ledger/apply.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import type { InboxEvent, TenantConnector } from '../vendor/contract.js';

export interface DrainOptions {
  clock: Clock;
  logger: Logger;
  connector(vendor: string, tenantId: string): TenantConnector | undefined;
  batchSize?: number;
  /** After this many failed attempts an event is parked for a person. */
  maxAttempts?: number;
  random?: () => number;
}

export interface DrainResult {
  done: number;
  failed: number;
  parked: number;
}

interface InboxRow {
  id: number;
  vendor: string;
  tenant_id: string;
  event_key: string;
  event_type: string;
  payload: string;
  attempts: number;
}

/**
 * Resolves pending inbox events into ledger changes. Each event's changes and its `done` mark
 * commit in one transaction; a failure records the attempt and the error and backs off; after
 * `maxAttempts` the event is parked and listed for a person.
 */
export async function drainInbox(db: Db, opts: DrainOptions): Promise<DrainResult> {
  const now = opts.clock.now();
  const maxAttempts = opts.maxAttempts ?? 8;
  const random = opts.random ?? Math.random;
  const rows = (await db('callback_inbox')
    .where('state', 'pending')
    .andWhere('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(opts.batchSize ?? 200)) as InboxRow[];
  const result: DrainResult = { done: 0, failed: 0, parked: 0 };
  for (const row of rows) {
    const connector = opts.connector(row.vendor, row.tenant_id);
    try {
      if (connector === undefined) throw new Error(`no ${row.vendor} tenant "${row.tenant_id}" is configured`);
      const event: InboxEvent = { eventKey: row.event_key, eventType: row.event_type, payload: JSON.parse(row.payload) as Record<string, unknown> };
      const changes = await connector.resolveEvent(event);
      await db.transaction(async (trx) => {
        await applyChanges(trx, { id: row.tenant_id, timezone: connector.timezone }, changes, opts.clock);
        await trx('callback_inbox').where({ id: row.id, state: 'pending' }).update({ state: 'done', done_at: opts.clock.now(), attempts: row.attempts + 1, last_error: null });
      });
      result.done += 1;
    } catch (err) {
      const attempts = row.attempts + 1;
      const park = attempts >= maxAttempts;
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
      await db('callback_inbox')
        .where('id', row.id)
        .update({ state: park ? 'parked' : 'pending', attempts, last_error: message, next_attempt_at: now + backoffMs(attempts, random()) });
      opts.logger.warn({ inboxId: row.id, vendor: row.vendor, tenantId: row.tenant_id, eventType: row.event_type, attempts, parked: park, error: message }, 'inbox event failed');
      if (park) result.parked += 1;
      else result.failed += 1;
    }
  }
  return result;
}

/** Parked events put back in the queue (after a person fixed the cause). */
export async function requeueParked(db: Db, now: number, ids?: number[]): Promise<number> {
  const q = db('callback_inbox').where('state', 'parked');
  if (ids !== undefined) q.whereIn('id', ids);
  return q.update({ state: 'pending', attempts: 0, next_attempt_at: now });
}
