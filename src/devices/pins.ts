import type { Knex } from 'knex';
import type { DeviceUser } from '../../adapters/zkteco/operlog.js';
import { AppError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import { writeRows } from '../ledger/upsert.js';
import { DEVICE_TENANT, pinPrefix, requeueRows } from './inboxRows.js';

/**
 * Device PIN → employee. An admin's explicit mapping for the device wins; otherwise the PIN is
 * the employee's job number (工号). Unknown PINs are remembered and their records re-resolved
 * once the PIN maps, so no punch is lost to a late contacts sync or a missing mapping.
 */
type Conn = Db | Knex.Transaction;

export async function employeeForPin(db: Conn, serial: string, pin: string, tenantId: string | null): Promise<string | null> {
  const override = (await db('device_users').where({ serial, pin }).whereNotNull('employee_id').first('employee_id')) as { employee_id: string } | undefined;
  if (override !== undefined) return override.employee_id;
  const ids = ((await db('employees').where('job_number', pin).select('id').orderBy('id').limit(20)) as { id: string }[]).map((r) => r.id);
  if (ids.length <= 1) return ids[0] ?? null;
  // Two companies may reuse job numbers: the device's vendor tenant decides, else it is ambiguous.
  if (tenantId === null) return null;
  const inTenant = (await db('employee_identities').where('tenant_id', tenantId).whereIn('employee_id', ids).distinct('employee_id')) as { employee_id: string }[];
  return inTenant.length === 1 ? (inTenant[0]?.employee_id ?? null) : null;
}

export async function noteUnmapped(db: Conn, serial: string, pin: string, now: number): Promise<void> {
  await writeRows(db, 'device_users', ['serial', 'pin'], ['unmapped_at', 'updated_at'], [{ serial, pin, unmapped_at: now, updated_at: now }]);
}

/** The identity under which device punches name an employee: tenant `devices`, user id = employee id. */
export async function ensureDeviceIdentity(db: Conn, employeeId: string, now: number): Promise<void> {
  await db('employee_identities').insert({ tenant_id: DEVICE_TENANT, external_user_id: employeeId, employee_id: employeeId, created_at: now }).onConflict(['tenant_id', 'external_user_id']).ignore();
}

/** OPERLOG USER records: the device's PIN ↔ name directory (names help an admin map unknown PINs). */
export async function saveDeviceUsers(trx: Conn, serial: string, users: readonly DeviceUser[], now: number): Promise<void> {
  const latest = new Map(users.map((u) => [u.pin, u]));
  await writeRows(trx, 'device_users', ['serial', 'pin'], ['name', 'updated_at'], [...latest.values()].map((u) => ({ serial, pin: u.pin, name: u.name, updated_at: now })));
}

/**
 * Explicitly maps a PIN of a device to an employee and re-resolves the PIN's stored records. The
 * unmapped mark stays for the periodic remap to clear: a record being resolved right now may
 * still be marked done unmapped, and the remap puts it back.
 */
export async function mapPin(db: Db, serial: string, pin: string, employeeId: string, now: number): Promise<{ requeued: number }> {
  return db.transaction(async (trx) => {
    if ((await trx('employees').where('id', employeeId).first('id')) === undefined) throw new AppError('not_found', `No employee with id ${employeeId}.`);
    if ((await trx('devices').where('serial', serial).first('serial')) === undefined) throw new AppError('not_found', `No device with serial ${serial}.`);
    await writeRows(trx, 'device_users', ['serial', 'pin'], ['employee_id', 'updated_at'], [{ serial, pin, employee_id: employeeId, updated_at: now }]);
    return { requeued: await requeueRows(trx, pinPrefix(serial, pin), ['done', 'parked'], now) };
  });
}

export interface UnmappedPin {
  serial: string;
  pin: string;
  name: string | null;
  unmappedAt: number;
}

export async function unmappedPins(db: Conn, serial?: string): Promise<UnmappedPin[]> {
  const q = db('device_users').whereNotNull('unmapped_at').orderBy(['serial', 'pin']);
  if (serial !== undefined) q.where('serial', serial);
  return ((await q) as Record<string, unknown>[]).map((r) => ({ serial: String(r.serial), pin: String(r.pin), name: r.name === null ? null : String(r.name), unmappedAt: Number(r.unmapped_at) }));
}

/** A resolve that noted a PIN unmapped finishes (its row marked done) well within this. */
const SETTLE_MS = 60_000;

/**
 * Re-resolves PINs that were unknown and map now (a contacts sync brought their job number, or
 * an admin mapped them): their records go back in the queue and the mark is cleared, unless a
 * resolve noted the PIN again meanwhile. The scheduler calls it with the health check.
 */
export async function remapResolvedPins(db: Db, now: number): Promise<{ pins: number; requeued: number }> {
  const out = { pins: 0, requeued: 0 };
  for (const u of await unmappedPins(db)) {
    if (u.unmappedAt > now - SETTLE_MS) continue;
    const device = (await db('devices').where('serial', u.serial).first('tenant_id')) as { tenant_id: string | null } | undefined;
    if ((await employeeForPin(db, u.serial, u.pin, device?.tenant_id ?? null)) === null) continue;
    await db.transaction(async (trx) => {
      const cleared = await trx('device_users').where({ serial: u.serial, pin: u.pin, unmapped_at: u.unmappedAt }).update({ unmapped_at: null, updated_at: now });
      if (cleared === 1) out.requeued += await requeueRows(trx, pinPrefix(u.serial, u.pin), ['done', 'parked'], now);
    });
    out.pins += 1;
  }
  return out;
}
