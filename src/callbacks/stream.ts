import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import type { InboxEvent } from '../vendor/contract.js';
import { storeEvents } from './inbox.js';

/**
 * The vendor-neutral half of a long-connection (Stream) receiver. A pushed event is acknowledged
 * only once its inbox row is committed, exactly as the HTTP receiver answers only after the insert;
 * when the insert fails the vendor is told to deliver again, and the inbox key makes that
 * redelivery a no-op if the first insert did land after all.
 */

export interface StreamAck {
  /** The event is stored: the vendor may forget it. */
  success(): void;
  /** Not stored: the vendor should deliver it again. */
  later(reason: string): void;
}

export interface StreamStoreDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

export type StreamOutcome = { stored: true; fresh: number } | { stored: false; error: string };

export async function storeThenAck(deps: StreamStoreDeps, vendor: string, tenantId: string, events: readonly InboxEvent[], ack: StreamAck): Promise<StreamOutcome> {
  let fresh: number;
  try {
    fresh = await storeEvents(deps.db, vendor, tenantId, events, deps.clock.now());
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    deps.logger.warn({ vendor, tenantId, eventTypes: events.map((e) => e.eventType), error }, 'stream event not stored; asking for redelivery');
    ack.later('store failed');
    return { stored: false, error };
  }
  deps.logger.debug({ vendor, tenantId, events: events.length, fresh }, 'stream event stored');
  ack.success();
  return { stored: true, fresh };
}
