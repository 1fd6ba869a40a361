import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import { remapResolvedPins } from './pins.js';
import { listDevices } from './registry.js';

/**
 * Device health. Every request a device makes is a contact (it polls for commands every few
 * seconds), so a device silent longer than its expected interval is offline, unplugged or
 * pointed elsewhere, and its punches are not arriving.
 */
export interface DeviceHealth {
  serial: string;
  state: string;
  /** 0 when the device was registered by an admin and never made contact. */
  lastSeenAt: number;
  silentForS: number;
  expectedIntervalS: number;
  silent: boolean;
}

/** Health of every device that is not rejected. */
export async function deviceHealth(db: Db, now: number): Promise<DeviceHealth[]> {
  return (await listDevices(db))
    .filter((d) => d.state !== 'rejected')
    .map((d) => {
      const silentForS = Math.max(0, Math.floor((now - d.lastSeenAt) / 1000));
      return { serial: d.serial, state: d.state, lastSeenAt: d.lastSeenAt, silentForS, expectedIntervalS: d.expectedIntervalS, silent: silentForS > d.expectedIntervalS };
    });
}

/**
 * The scheduler's periodic device check: warns about silent devices and re-resolves records of
 * PINs that have become mappable. Returns the silent serials.
 */
export async function checkDevices(db: Db, clock: Clock, logger: Logger): Promise<{ silent: string[]; remappedPins: number; requeued: number }> {
  const now = clock.now();
  const silent = (await deviceHealth(db, now)).filter((h) => h.silent);
  for (const h of silent) logger.warn({ serial: h.serial, silentForS: h.silentForS, expectedIntervalS: h.expectedIntervalS }, 'device silent longer than expected');
  const remap = await remapResolvedPins(db, now);
  return { silent: silent.map((h) => h.serial), remappedPins: remap.pins, requeued: remap.requeued };
}

/**
 * Gauges read from the registry at scrape time: seconds since each device's last contact, and
 * 1 for a device silent longer than its expected interval (the alert). Registered once per registry.
 */
export function registerDeviceMetrics(registry: Registry, db: Db, clock: Clock): void {
  if (registry.getSingleMetric('attendance_device_silent') !== undefined) return;
  const gauge = (name: string, help: string, value: (h: DeviceHealth) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['serial'],
      registers: [registry],
      async collect() {
        const health = await deviceHealth(db, clock.now());
        this.reset();
        for (const h of health) this.set({ serial: h.serial }, value(h));
      },
    });
  gauge('attendance_device_seconds_since_contact', 'Seconds since the device last contacted the server', (h) => h.silentForS);
  gauge('attendance_device_silent', '1 when the device has been silent longer than its expected interval', (h) => (h.silent ? 1 : 0));
}
