import type { Knex } from 'knex';
import { ZKTECO_VENDOR } from '../../adapters/zkteco/map.js';
import type { Db } from '../ledger/db.js';

/**
 * Device uploads in `callback_inbox`: vendor `zkteco`, one tenant `devices` for every device,
 * event keys `<serial>:<pin>:<time>`. Uploads of untrusted devices are stored in a state the
 * drain does not pick (`quarantined`, `rejected`), and put back to `pending` when they may flow.
 */
export const DEVICE_TENANT = 'devices';
export type HeldState = 'quarantined' | 'rejected';

type Conn = Db | Knex.Transaction;

/** `LIKE` prefix of keys with `!` as the escape character (serials may contain `_`). */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function deviceRows(db: Conn, prefix: string): Knex.QueryBuilder {
  return db('callback_inbox').where({ vendor: ZKTECO_VENDOR, tenant_id: DEVICE_TENANT }).andWhereRaw("event_key like ? escape '!'", [likePrefix(prefix)]);
}

export const serialPrefix = (serial: string): string => `${serial}:`;
export const pinPrefix = (serial: string, pin: string): string => `${serial}:${pin}:`;

/** Moves just-stored rows of an untrusted device out of the drain's reach (in the storing transaction). */
export async function holdRows(trx: Knex.Transaction, keys: readonly string[], state: HeldState): Promise<void> {
  for (let i = 0; i < keys.length; i += 400) {
    await trx('callback_inbox')
      .where({ vendor: ZKTECO_VENDOR, tenant_id: DEVICE_TENANT, state: 'pending' })
      .whereIn('event_key', keys.slice(i, i + 400))
      .update({ state });
  }
}

/** Puts rows with a key prefix back in the queue, to be resolved (again); returns how many. */
export async function requeueRows(db: Conn, prefix: string, fromStates: readonly string[], now: number): Promise<number> {
  return deviceRows(db, prefix).whereIn('state', [...fromStates]).update({ state: 'pending', attempts: 0, next_attempt_at: now, last_error: null });
}

/** Moves a device's rows between held states (a rejection holds its queued uploads for good). */
export async function moveRows(db: Conn, prefix: string, fromStates: readonly string[], to: HeldState): Promise<number> {
  return deviceRows(db, prefix).whereIn('state', [...fromStates]).update({ state: to });
}

/** A device's rows not yet turned into ledger changes: pending, parked, quarantined (one indexed range count). */
export async function backlogOf(db: Conn, serial: string): Promise<number> {
  const rows = (await deviceRows(db, serialPrefix(serial)).whereIn('state', ['pending', 'parked', 'quarantined']).count({ n: '*' })) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}
