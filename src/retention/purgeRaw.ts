import { ZKTECO_VENDOR } from '../../adapters/zkteco/map.js';
import { DEVICE_TENANT } from '../devices/inboxRows.js';
import type { Db } from '../ledger/db.js';

/**
 * Raw payloads of applied inbox rows (vendor callbacks and device uploads) are emptied to `{}`
 * once they are older than the retention. The row itself stays: its unique (vendor, tenant,
 * event key) is what makes a redelivered callback or a device resend a no-op, and deleting it
 * would let a months-old redelivery be applied again over newer data. The ledger keeps what
 * the payload said (punch and request rows, with their own `raw` summary).
 */

export const PURGED_PAYLOAD = '{}';
const DAY_MS = 86_400_000;

export interface PurgeOptions {
  now: number;
  retentionDays: number;
  dryRun?: boolean;
  batchSize?: number;
}

export interface PurgeResult {
  dryRun: boolean;
  /** Vendor callback payloads emptied (or, in a dry run, that would be). */
  vendor: number;
  /** Device upload bodies emptied. */
  device: number;
  /** Device uploads marked done without a punch (unmapped PIN): kept, a later PIN mapping re-resolves them. */
  keptUnapplied: number;
}

interface Candidate {
  id: number;
  vendor: string;
  tenant_id: string;
  event_key: string;
}

/** Device rows whose record became a punch: the inbox key is the punch's source record key. */
async function appliedDeviceKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = (await db('punches').select('source_record_key').where('tenant_id', DEVICE_TENANT).whereIn('source_record_key', [...keys])) as { source_record_key: string }[];
  return new Set(rows.map((r) => r.source_record_key));
}

export async function purgeRawPayloads(db: Db, opts: PurgeOptions): Promise<PurgeResult> {
  const cutoff = opts.now - opts.retentionDays * DAY_MS;
  const size = opts.batchSize ?? 500;
  const result: PurgeResult = { dryRun: opts.dryRun === true, vendor: 0, device: 0, keptUnapplied: 0 };
  let after = 0;
  for (;;) {
    const batch = (await db('callback_inbox')
      .select('id', 'vendor', 'tenant_id', 'event_key')
      .where('state', 'done')
      .andWhere('done_at', '<', cutoff)
      .andWhere('payload', '<>', PURGED_PAYLOAD)
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(size)) as Candidate[];
    if (batch.length === 0) return result;
    after = Number(batch[batch.length - 1]?.id);
    const isDevice = (c: Candidate) => c.vendor === ZKTECO_VENDOR && c.tenant_id === DEVICE_TENANT;
    const applied = await appliedDeviceKeys(db, batch.filter(isDevice).map((c) => c.event_key));
    const purge: number[] = [];
    for (const c of batch) {
      if (!isDevice(c)) {
        result.vendor += 1;
        purge.push(c.id);
      } else if (applied.has(c.event_key)) {
        result.device += 1;
        purge.push(c.id);
      } else {
        result.keptUnapplied += 1;
      }
    }
    // `state = done` again: a row put back in the queue meanwhile keeps the payload it needs.
    if (!result.dryRun && purge.length > 0) await db('callback_inbox').whereIn('id', purge).andWhere('state', 'done').update({ payload: PURGED_PAYLOAD });
  }
}
