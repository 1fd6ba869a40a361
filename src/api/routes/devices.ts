import type { Knex } from 'knex';
import { z } from 'zod';
import { PIN_PATTERN } from '../../../adapters/zkteco/attlog.js';
import { SERIAL_PATTERN } from '../../../adapters/zkteco/map.js';
import { addSettings } from '../../devices/admin.js';
import { deviceHealth } from '../../devices/health.js';
import { backlogOf } from '../../devices/inboxRows.js';
import { mapPin, unmappedPins } from '../../devices/pins.js';
import { addDevice, approveDevice, findDevice, listDevices, rejectDevice } from '../../devices/registry.js';
import { AppError, CliError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';
import { actorOf, writeAudit } from '../audit.js';
import { HR_ONLY, type Principal } from '../auth/roles.js';
import { defineRoute, type ApiDeps } from '../registry.js';
import { employeeId } from '../schemas.js';

/**
 * The device registry for HR and admins: the API behind `cli device add | list | approve |
 * reject | map`. Every change goes through the registry functions the CLI uses, inside a
 * transaction that also writes the audit entry, so a change and its audit commit together.
 */
const serial = z.string().regex(SERIAL_PATTERN, 'letters, digits, - and _, up to 64');
const pin = z.string().regex(PIN_PATTERN, 'letters and digits, up to 24');
const serialParams = z.strictObject({ serial });

const deviceView = z
  .object({
    serial: z.string(),
    name: z.string().nullable(),
    siteId: z.string().nullable(),
    timezone: z.string().nullable().describe('null: the deployment default (fixed at approval)'),
    tenantId: z.string().nullable().describe('the vendor tenant punches are written back to; null: the ledger only'),
    state: z.enum(['quarantined', 'approved', 'rejected']),
    lastContactAt: z.string().nullable().describe('ISO instant of the last request; null: never contacted'),
    silentForS: z.number().nullable().describe('seconds since the last contact; null for a rejected device'),
    silent: z.boolean().describe('silent longer than its expected interval (the health alert); false for a rejected device'),
    expectedIntervalS: z.number(),
    backlog: z.number().describe('uploaded records not yet in the ledger (pending, parked, quarantined)'),
    unmappedPins: z.array(z.object({ pin: z.string(), name: z.string().nullable() })),
  })
  .meta({ id: 'Device' });

const changed = z.object({ device: deviceView, released: z.number().describe('quarantined records put back in the queue') });

/** The list view of devices, every figure from the registry, health and inbox functions. */
async function deviceViews(db: Db, now: number, only?: string): Promise<z.input<typeof deviceView>[]> {
  const health = new Map((await deviceHealth(db, now)).map((h) => [h.serial, h]));
  const unmapped = await unmappedPins(db, only);
  const devices = (await listDevices(db)).filter((d) => only === undefined || d.serial === only);
  const out: z.input<typeof deviceView>[] = [];
  for (const d of devices) {
    const h = health.get(d.serial);
    out.push({
      serial: d.serial,
      name: d.name,
      siteId: d.siteId,
      timezone: d.timezone,
      tenantId: d.tenantId,
      state: d.state,
      lastContactAt: d.lastSeenAt > 0 ? new Date(d.lastSeenAt).toISOString() : null,
      silentForS: h?.silentForS ?? null,
      silent: h?.silent ?? false,
      expectedIntervalS: d.expectedIntervalS,
      backlog: await backlogOf(db, d.serial),
      unmappedPins: unmapped.filter((u) => u.serial === d.serial).map((u) => ({ pin: u.pin, name: u.name })),
    });
  }
  return out;
}

async function viewOf(db: Db, now: number, sn: string): Promise<z.input<typeof deviceView>> {
  const [view] = await deviceViews(db, now, sn);
  if (view === undefined) throw new AppError('not_found', `No device with serial ${sn}.`);
  return view;
}

interface Audit {
  action: string;
  entity: string;
  entityId: string;
  /** The audited row, read before and after the change. */
  read(trx: Knex.Transaction): Promise<unknown>;
}

/** Runs a registry change and its audit entry in one transaction (the registry's own transaction nests). */
async function audited<T>(deps: ApiDeps, principal: Principal, audit: Audit, change: (trx: Knex.Transaction, now: number) => Promise<T>): Promise<T> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const before = (await audit.read(trx)) ?? null;
    let result: T;
    try {
      result = await change(trx, now);
    } catch (err) {
      // The CLI's validation speaks in exit codes; here it is bad input.
      if (err instanceof CliError) throw new AppError('validation_failed', err.message);
      throw err;
    }
    const after = (await audit.read(trx)) ?? null;
    await writeAudit(trx, { at: now, actor: actorOf(principal), action: audit.action, entity: audit.entity, entityId: audit.entityId, before, after, reason: null });
    return result;
  });
}

const deviceAudit = (action: string, sn: string): Audit => ({ action, entity: 'device', entityId: sn, read: async (trx) => (await findDevice(trx, sn)) ?? null });

export const listDevicesRoute = defineRoute({
  id: 'listDevices',
  method: 'get',
  path: '/devices',
  summary: 'Attendance devices with state (quarantined, approved, rejected), last contact, silence, backlog and unmapped PINs',
  roles: HR_ONLY,
  response: z.object({ devices: z.array(deviceView) }),
  handler: async ({ deps }) => ({ devices: await deviceViews(deps.db, deps.clock.now()) }),
});

export const addDeviceRoute = defineRoute({
  id: 'addDevice',
  method: 'post',
  path: '/devices',
  summary: 'Register a device as approved (or approve and update one already seen); its quarantined uploads flow',
  roles: ['admin'],
  body: z.strictObject({
    serial,
    timezone: z.string().min(1).max(64).optional().describe('IANA timezone; default: the deployment’s'),
    tenant: z.string().min(1).max(64).optional().describe('a configured vendor tenant id to write punches back to'),
    name: z.string().min(1).max(200).optional(),
    site: z.string().min(1).max(64).optional(),
    networks: z.string().max(2000).optional().describe('allowed source networks, comma-separated CIDRs'),
    clockOffsetS: z.number().int().optional(),
    expectedIntervalS: z.number().int().optional(),
  }),
  response: changed,
  status: 201,
  async handler({ principal, body, deps }) {
    const tenantIds = ((await deps.db('tenants').select('id').orderBy('id')) as { id: string }[]).map((t) => t.id);
    const options = {
      sn: body.serial,
      timezone: body.timezone ?? deps.config.timezone,
      ...(body.tenant === undefined ? {} : { tenant: body.tenant }),
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.site === undefined ? {} : { site: body.site }),
      ...(body.networks === undefined ? {} : { networks: body.networks }),
      ...(body.clockOffsetS === undefined ? {} : { clockOffset: String(body.clockOffsetS) }),
      ...(body.expectedIntervalS === undefined ? {} : { interval: String(body.expectedIntervalS) }),
    };
    const r = await audited(deps, principal, deviceAudit('register', body.serial), (trx, now) => addDevice(trx, body.serial, addSettings(options, tenantIds), now));
    return { device: await viewOf(deps.db, deps.clock.now(), body.serial), released: r.released };
  },
});

export const approveDeviceRoute = defineRoute({
  id: 'approveDevice',
  method: 'post',
  path: '/devices/:serial/approve',
  summary: 'Approve a (quarantined) device: its held uploads become punches',
  roles: ['admin'],
  params: serialParams,
  response: changed,
  async handler({ principal, params, deps }) {
    const sn = params.serial;
    const r = await audited(deps, principal, deviceAudit('approve', sn), (trx, now) => approveDevice(trx, sn, deps.config.timezone, now));
    return { device: await viewOf(deps.db, deps.clock.now(), sn), released: r.released };
  },
});

export const rejectDeviceRoute = defineRoute({
  id: 'rejectDevice',
  method: 'post',
  path: '/devices/:serial/reject',
  summary: 'Reject a device: its uploads stay stored and never become punches',
  roles: ['admin'],
  params: serialParams,
  response: z.object({ device: deviceView }),
  async handler({ principal, params, deps }) {
    const sn = params.serial;
    await audited(deps, principal, deviceAudit('reject', sn), (trx, now) => rejectDevice(trx, sn, now));
    return { device: await viewOf(deps.db, deps.clock.now(), sn) };
  },
});

export const mapDevicePinRoute = defineRoute({
  id: 'mapDevicePin',
  method: 'post',
  path: '/devices/:serial/pins/:pin',
  summary: 'Map a device PIN to an employee (overrides the job number); its stored records are resolved again',
  roles: ['admin'],
  params: z.strictObject({ serial, pin }),
  body: z.strictObject({ employeeId }),
  response: z.object({ serial: z.string(), pin: z.string(), employeeId: z.string(), requeued: z.number() }),
  async handler({ principal, params, body, deps }) {
    const { serial: sn, pin: p } = params;
    const read = async (trx: Knex.Transaction) => ((await trx('device_users').where({ serial: sn, pin: p }).first('serial', 'pin', 'name', 'employee_id')) as unknown) ?? null;
    const r = await audited(deps, principal, { action: 'map_pin', entity: 'device_pin', entityId: `${sn}:${p}`, read }, (trx, now) => mapPin(trx, sn, p, body.employeeId, now));
    return { serial: sn, pin: p, employeeId: body.employeeId, requeued: r.requeued };
  },
});

export const deviceRoutes = [listDevicesRoute, addDeviceRoute, approveDeviceRoute, rejectDeviceRoute, mapDevicePinRoute];
