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
  return db.transaction(async (trx) => {
    const before = await trx('callback_inbox').where({ vendor, tenant_id: tenantId }).whereIn('event_key', rows.map((r) => r.event_key)).count({ n: '*' });
    await trx('callback_inbox').insert(rows).onConflict(['vendor', 'tenant_id', 'event_key']).ignore();
    return new Set(rows.map((r) => r.event_key)).size - Number(before[0]?.n ?? 0);
  });
}
