import type { Knex } from 'knex';
import type { DeviceState } from '../../adapters/zkteco/connector.js';
import { AppError } from '../errors.js';
import { dialectOf, type Db } from '../ledger/db.js';
import { moveRows, requeueRows, serialPrefix } from './inboxRows.js';

/** The device registry: who a device is, whether it is trusted, and where its punches go. */
export interface Device {
  serial: string;
  name: string | null;
  siteId: string | null;
  state: DeviceState;
  /** The vendor tenant punches are written back to; null: the ledger only. */
  tenantId: string | null;
  timezone: string | null;
  clockOffsetS: number;
  allowedNetworks: string[] | null;
  attlogStamp: number;
  operlogStamp: number;
  attlogLastAt: string | null;
  expectedIntervalS: number;
  firstSeenAt: number;
  lastSeenAt: number;
  lastIp: string | null;
}

type Conn = Db | Knex.Transaction;

export function toDevice(r: Record<string, unknown>): Device {
  const nullable = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    serial: String(r.serial),
    name: nullable(r.name),
    siteId: nullable(r.site_id),
    state: r.state as DeviceState,
    tenantId: nullable(r.tenant_id),
    timezone: nullable(r.timezone),
    clockOffsetS: Number(r.clock_offset_s ?? 0),
    allowedNetworks: typeof r.allowed_networks === 'string' ? (JSON.parse(r.allowed_networks) as string[]) : null,
    attlogStamp: Number(r.attlog_stamp ?? 0),
    operlogStamp: Number(r.operlog_stamp ?? 0),
    attlogLastAt: nullable(r.attlog_last_at),
    expectedIntervalS: Number(r.expected_interval_s ?? 600),
    firstSeenAt: Number(r.first_seen_at),
    lastSeenAt: Number(r.last_seen_at),
    lastIp: nullable(r.last_ip),
  };
}

export async function findDevice(db: Conn, serial: string): Promise<Device | undefined> {
  const row = (await db('devices').where('serial', serial).first()) as Record<string, unknown> | undefined;
  return row === undefined ? undefined : toDevice(row);
}

/**
 * Reads a device inside a transaction, locking its row on MySQL so an approval and an upload of
 * the same device serialise (SQLite has one writer at a time anyway).
 */
export async function lockDevice(trx: Knex.Transaction, serial: string): Promise<Device | undefined> {
  const q = trx('devices').where('serial', serial).first();
  const row = (await (dialectOf(trx) === 'mysql' ? q.forUpdate() : q)) as Record<string, unknown> | undefined;
  return row === undefined ? undefined : toDevice(row);
}

/** Every request is a contact; an unknown serial is registered as quarantined on its first one. */
export async function touchDevice(db: Db, serial: string, ip: string | undefined, now: number): Promise<Device> {
  await db('devices').insert({ serial, state: 'quarantined', first_seen_at: now, last_seen_at: now, last_ip: ip ?? null }).onConflict('serial').ignore();
  await db('devices').where('serial', serial).update({ last_seen_at: now, last_ip: ip ?? null });
  const device = await findDevice(db, serial);
  if (device === undefined) throw new Error(`device ${serial} vanished while registering`);
  return device;
}

export interface DeviceSettings {
  timezone: string;
  name?: string;
  siteId?: string;
  tenantId?: string;
  clockOffsetS?: number;
  allowedNetworks?: string[];
  expectedIntervalS?: number;
}

function settingsRow(s: DeviceSettings): Record<string, unknown> {
  const row: Record<string, unknown> = { timezone: s.timezone };
  if (s.name !== undefined) row.name = s.name;
  if (s.siteId !== undefined) row.site_id = s.siteId;
  if (s.tenantId !== undefined) row.tenant_id = s.tenantId;
  if (s.clockOffsetS !== undefined) row.clock_offset_s = s.clockOffsetS;
  if (s.allowedNetworks !== undefined) row.allowed_networks = s.allowedNetworks.length === 0 ? null : JSON.stringify(s.allowedNetworks);
  if (s.expectedIntervalS !== undefined) row.expected_interval_s = s.expectedIntervalS;
  return row;
}

/** Registers a device an admin vouches for (or updates one already seen) as approved; its held uploads flow. */
export async function addDevice(db: Db, serial: string, settings: DeviceSettings, now: number): Promise<{ released: number }> {
  return db.transaction(async (trx) => {
    const row = { ...settingsRow(settings), state: 'approved', state_changed_at: now };
    await trx('devices').insert({ serial, first_seen_at: now, last_seen_at: 0, ...row }).onConflict('serial').merge(Object.keys(row));
    return { released: await requeueRows(trx, serialPrefix(serial), ['quarantined'], now) };
  });
}

/**
 * Approves a device (from quarantine, usually): every upload it made while quarantined is put
 * back in the queue, in the same transaction as the state change. A device without a timezone
 * gets the deployment default, fixed at approval so a later default change does not move history.
 */
export async function approveDevice(db: Db, serial: string, defaultTimezone: string, now: number): Promise<{ released: number }> {
  return db.transaction(async (trx) => {
    const device = await lockDevice(trx, serial);
    if (device === undefined) throw new AppError('not_found', `No device with serial ${serial}.`);
    await trx('devices')
      .where('serial', serial)
      .update({ state: 'approved', state_changed_at: now, timezone: device.timezone ?? defaultTimezone });
    return { released: await requeueRows(trx, serialPrefix(serial), ['quarantined'], now) };
  });
}

/** Rejects a device: its uploads stay stored (evidence) and never become punches. */
export async function rejectDevice(db: Db, serial: string, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    const device = await lockDevice(trx, serial);
    if (device === undefined) throw new AppError('not_found', `No device with serial ${serial}.`);
    await trx('devices').where('serial', serial).update({ state: 'rejected', state_changed_at: now });
    await moveRows(trx, serialPrefix(serial), ['quarantined', 'pending'], 'rejected');
  });
}

export async function listDevices(db: Db): Promise<Device[]> {
  return ((await db('devices').orderBy('serial')) as Record<string, unknown>[]).map(toDevice);
}
