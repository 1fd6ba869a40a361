import { SERIAL_PATTERN } from '../../adapters/zkteco/map.js';
import { PIN_PATTERN } from '../../adapters/zkteco/attlog.js';
import type { Clock } from '../clock.js';
import { AppError, CliError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import { backlogOf } from './inboxRows.js';
import { mapPin, unmappedPins } from './pins.js';
import { addDevice, approveDevice, listDevices, rejectDevice, type DeviceSettings } from './registry.js';
import { parseNetworks } from './trust.js';

/**
 * The admin operations behind `device add | list | approve | reject | map`, apart from the
 * runtime so they can be tested against any ledger. Bad input is a CliError with exit code 2.
 */
export interface AdminContext {
  db: Db;
  clock: Clock;
  /** TZ_DEFAULT. */
  defaultTimezone: string;
  /** Configured vendor tenant ids (`--tenant` must name one). */
  tenantIds: readonly string[];
  out(line: string): void;
}

export interface AddOptions {
  sn: string;
  timezone: string;
  tenant?: string;
  name?: string;
  site?: string;
  networks?: string;
  clockOffset?: string;
  interval?: string;
}

const bad = (message: string) => new CliError(message, 2);

function serial(sn: string): string {
  if (!SERIAL_PATTERN.test(sn)) throw bad(`"${sn}" is not a device serial (letters, digits, - and _, up to 64)`);
  return sn;
}

function isZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) throw bad(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Validates `device add` options into registry settings. */
export function addSettings(o: AddOptions, tenantIds: readonly string[]): DeviceSettings {
  if (!isZone(o.timezone)) throw bad(`--timezone "${o.timezone}" is not an IANA timezone`);
  const s: DeviceSettings = { timezone: o.timezone };
  if (o.tenant !== undefined) {
    if (!tenantIds.includes(o.tenant)) throw bad(`unknown tenant "${o.tenant}"; configured: ${tenantIds.join(', ') || 'none'}`);
    s.tenantId = o.tenant;
  }
  if (o.name !== undefined) s.name = o.name.slice(0, 200);
  if (o.site !== undefined) s.siteId = o.site.slice(0, 64);
  if (o.networks !== undefined) {
    try {
      s.allowedNetworks = parseNetworks(o.networks);
    } catch (err) {
      throw bad(`--networks: ${(err as Error).message}`);
    }
  }
  if (o.clockOffset !== undefined) s.clockOffsetS = integer('clock-offset', o.clockOffset, -86_400, 86_400);
  if (o.interval !== undefined) s.expectedIntervalS = integer('interval', o.interval, 10, 7 * 86_400);
  return s;
}

/** Unknown serials and employees are bad input for the CLI. */
async function asCli<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw bad(err.message);
    throw err;
  }
}

export async function deviceAdd(ctx: AdminContext, o: AddOptions): Promise<void> {
  const sn = serial(o.sn);
  const r = await addDevice(ctx.db, sn, addSettings(o, ctx.tenantIds), ctx.clock.now());
  ctx.out(`device ${sn} registered and approved${r.released > 0 ? `; ${r.released} quarantined record(s) released` : ''}`);
}

export async function deviceApprove(ctx: AdminContext, sn: string): Promise<void> {
  const r = await asCli(() => approveDevice(ctx.db, serial(sn), ctx.defaultTimezone, ctx.clock.now()));
  ctx.out(`device ${sn} approved; ${r.released} quarantined record(s) released`);
}

export async function deviceReject(ctx: AdminContext, sn: string): Promise<void> {
  await asCli(() => rejectDevice(ctx.db, serial(sn), ctx.clock.now()));
  ctx.out(`device ${sn} rejected; its uploads are kept and never become punches`);
}

export async function deviceMap(ctx: AdminContext, o: { sn: string; pin: string; employee: string }): Promise<void> {
  if (!PIN_PATTERN.test(o.pin)) throw bad(`"${o.pin}" is not a device PIN (letters and digits, up to 24)`);
  const r = await asCli(() => mapPin(ctx.db, serial(o.sn), o.pin, o.employee, ctx.clock.now()));
  ctx.out(`PIN ${o.pin} of ${o.sn} → ${o.employee}; ${r.requeued} record(s) queued to resolve again`);
}

const when = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : 'never');

/** One line per device: serial, state, last contact, backlog (records not yet in the ledger), unmapped PINs. */
export async function deviceList(ctx: AdminContext): Promise<void> {
  const unmapped = await unmappedPins(ctx.db);
  ctx.out(['serial', 'state', 'last_contact', 'backlog', 'unmapped_pins', 'tenant', 'timezone', 'name'].join('\t'));
  for (const d of await listDevices(ctx.db)) {
    const pins = unmapped.filter((u) => u.serial === d.serial).map((u) => u.pin);
    const cells = [d.serial, d.state, when(d.lastSeenAt), String(await backlogOf(ctx.db, d.serial)), pins.join(',') || '-', d.tenantId ?? '-', d.timezone ?? `(${ctx.defaultTimezone})`, d.name ?? '-'];
    ctx.out(cells.join('\t'));
  }
}
