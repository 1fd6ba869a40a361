import type { AttRecord } from '../../adapters/zkteco/attlog.js';
import type { TimeRange } from '../../adapters/zkteco/commands.js';
import { ZKTECO_VENDOR, attlogEvents } from '../../adapters/zkteco/map.js';
import type { DeviceUser } from '../../adapters/zkteco/operlog.js';
import { storeEvents } from '../callbacks/inbox.js';
import type { Db } from '../ledger/db.js';
import { queueDataQuery } from './commands.js';
import { DEVICE_TENANT, holdRows } from './inboxRows.js';
import { saveDeviceUsers } from './pins.js';
import { lockDevice, type Device } from './registry.js';

/**
 * Durable storage of device uploads, before the device gets its `OK`. The records and the
 * device's new stamp commit in one transaction, so the stamp handed out at the next handshake
 * never runs ahead of what is stored: a failed store makes the device send the records again.
 */

export interface AttlogStored {
  /** Records new to the inbox (resends and duplicates are stored once). */
  fresh: number;
  /** A range queued for a DATA QUERY because the device's stamps went back while it sent new records. */
  gap: TimeRange | null;
}

/** SQLite caps a multi-row insert at 500 rows: store in chunks (all in the caller's transaction). */
const CHUNK = 200;

async function mustLock(trx: Parameters<typeof lockDevice>[0], serial: string): Promise<Device> {
  const device = await lockDevice(trx, serial);
  if (device === undefined) throw new Error(`device ${serial} is not registered`);
  return device;
}

function newestTime(records: readonly AttRecord[]): string | null {
  let newest: string | null = null;
  for (const r of records) if (newest === null || r.time > newest) newest = r.time;
  return newest;
}

/**
 * Stores ATTLOG records of one upload. Untrusted devices' records are stored held (quarantined
 * or rejected). The stamp only moves forward, except when a device sends records newer than any
 * stored under a lower stamp: its numbering restarted (reset or replaced), so the device's stamp
 * is taken and the span since the last stored record is fetched again with a DATA QUERY.
 * A re-upload of old records (a DATA QUERY answer) leaves the stamp alone.
 */
export async function storeAttlog(db: Db, serial: string, records: readonly AttRecord[], stamp: number | null, now: number): Promise<AttlogStored> {
  return db.transaction(async (trx) => {
    const device = await mustLock(trx, serial);
    const events = attlogEvents(serial, records);
    let fresh = 0;
    for (let i = 0; i < events.length; i += CHUNK) fresh += await storeEvents(trx, ZKTECO_VENDOR, DEVICE_TENANT, events.slice(i, i + CHUNK), now);
    if (device.state !== 'approved') await holdRows(trx, events.map((e) => e.eventKey), device.state);
    const newest = newestTime(records);
    const hasNewer = newest !== null && (device.attlogLastAt === null || newest > device.attlogLastAt);
    const update: Record<string, string | number> = {};
    let gap: TimeRange | null = null;
    if (hasNewer) update.attlog_last_at = newest;
    if (stamp !== null && stamp > device.attlogStamp) update.attlog_stamp = stamp;
    if (stamp !== null && stamp < device.attlogStamp && hasNewer) {
      update.attlog_stamp = stamp;
      if (device.attlogLastAt !== null && device.state !== 'rejected') {
        gap = { start: device.attlogLastAt, end: newest };
        await queueDataQuery(trx, serial, gap, now);
      }
    }
    if (Object.keys(update).length > 0) await trx('devices').where('serial', serial).update(update);
    return { fresh, gap };
  });
}

/** Stores the USER records of an OPERLOG upload (PIN ↔ name) and its stamp, together. */
export async function storeOperlog(db: Db, serial: string, users: readonly DeviceUser[], stamp: number | null, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const device = await mustLock(trx, serial);
    await saveDeviceUsers(trx, serial, users, now);
    if (stamp !== null && stamp > device.operlogStamp) await trx('devices').where('serial', serial).update({ operlog_stamp: stamp });
  });
}
