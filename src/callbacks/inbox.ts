import type { Db } from '../ledger/db.js';
import type { InboxEvent } from '../vendor/contract.js';

/**
 * Stores verified events before they are acknowledged. The unique (vendor, tenant, event key)
 * makes a redelivered event a no-op; returns how many were new.
 */
export async function storeEvents(db: Db, vendor: string, tenantId: string, events: readonly InboxEvent[], now: number): Promise<number> {
  if (events.length === 0) return 0;
  const rows = events.map((e) => ({
    vendor,
    tenant_id: tenantId,
    event_key: e.eventKey,
    event_type: e.eventType,
    payload: JSON.stringify(e.payload),
    state: 'pending',
    attempts: 0,
    next_attempt_at: now,
    received_at: now,
  }));
  // Two autocommit statements, not a transaction: the insert alone is what must be durable before
  // the acknowledgement, and BEGIN/COMMIT would double the round trips of every callback. The
  // count only reports how many were new (exact inside a caller's transaction, as devices use it).
  const before = await db('callback_inbox').where({ vendor, tenant_id: tenantId }).whereIn('event_key', rows.map((r) => r.event_key)).count({ n: '*' });
  await db('callback_inbox').insert(rows).onConflict(['vendor', 'tenant_id', 'event_key']).ignore();
  return new Set(rows.map((r) => r.event_key)).size - Number(before[0]?.n ?? 0);
}
