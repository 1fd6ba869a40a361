import { ZktecoConnector, type DeviceDirectory } from '../../adapters/zkteco/connector.js';
import { ZKTECO_VENDOR } from '../../adapters/zkteco/map.js';
import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { TenantConnector } from '../vendor/contract.js';
import { DEVICE_TENANT } from './inboxRows.js';
import { employeeForPin, ensureDeviceIdentity, noteUnmapped } from './pins.js';
import { findDevice } from './registry.js';

export interface DeviceConnectorDeps {
  db: Db;
  clock: Clock;
  /** TZ_DEFAULT: the zone of devices registered without one, and of the device tenant's dirty days. */
  defaultTimezone: string;
}

/** The registry seen through the resolver's eyes; identities written once per process per employee. */
function knexDirectory(deps: DeviceConnectorDeps): DeviceDirectory {
  const known = new Set<string>();
  return {
    async device(serial) {
      const d = await findDevice(deps.db, serial);
      return d && { serial: d.serial, name: d.name, siteId: d.siteId, state: d.state, timezone: d.timezone, clockOffsetS: d.clockOffsetS, tenantId: d.tenantId };
    },
    employeeForPin: (device, pin) => employeeForPin(deps.db, device.serial, pin, device.tenantId),
    noteUnmapped: (serial, pin) => noteUnmapped(deps.db, serial, pin, deps.clock.now()),
    async ensureIdentity(employeeId) {
      if (known.has(employeeId)) return;
      await ensureDeviceIdentity(deps.db, employeeId, deps.clock.now());
      if (known.size > 100_000) known.clear();
      known.add(employeeId);
    },
  };
}

/** The connector the inbox drain uses for vendor `zkteco`, tenant `devices`. */
export function createDeviceConnector(deps: DeviceConnectorDeps): ZktecoConnector {
  return new ZktecoConnector(DEVICE_TENANT, deps.defaultTimezone, knexDirectory(deps));
}

/** Wraps the drain's connector lookup so device uploads resolve through `devices`. */
export function withDeviceConnector(
  devices: TenantConnector,
  lookup: (vendor: string, tenantId: string) => TenantConnector | undefined,
): (vendor: string, tenantId: string) => TenantConnector | undefined {
  return (vendor, tenantId) => (vendor === ZKTECO_VENDOR && tenantId === DEVICE_TENANT ? devices : lookup(vendor, tenantId));
}
