import type { TenantConfig } from '../../config/schema.js';
import { VendorError } from '../../src/http/vendorError.js';
import type { LedgerChangeInput } from '../../src/ledger/model.js';
import type { CallbackCodec, InboxEvent, StreamDef, TenantConnector, WriteBackItem } from '../../src/vendor/contract.js';
import { ATTLOG_EVENT, ZKTECO_VENDOR, parseAttPayload, toPunchChange, type DeviceContext } from './map.js';

export type DeviceState = 'quarantined' | 'approved' | 'rejected';

export interface DeviceView extends Omit<DeviceContext, 'timezone'> {
  state: DeviceState;
  /** Null: the deployment's default zone. */
  timezone: string | null;
  /** The vendor tenant the device writes back to (decides between employees sharing a job number). */
  tenantId: string | null;
}

/** What the resolver needs from the registry (adapters never touch the database themselves). */
export interface DeviceDirectory {
  device(serial: string): Promise<DeviceView | undefined>;
  /** The employee a device PIN stands for: an explicit mapping, else a unique job number; null when unknown. */
  employeeForPin(device: DeviceView, pin: string): Promise<string | null>;
  /** Remembers a PIN that could not be mapped, so it is listed for an admin and re-resolved once mapped. */
  noteUnmapped(serial: string, pin: string): Promise<void>;
  /** Makes `employeeId` resolvable under the device source's identity (so the ledger never invents a person). */
  ensureIdentity(employeeId: string): Promise<void>;
}

/**
 * Attendance devices as a source behind the vendor contract: device uploads reach the inbox
 * through the `/iclock` receiver, and this connector resolves them into punches. Devices have no
 * API: nothing is pulled, nothing is written to them, and there is no login code to exchange.
 */
export class ZktecoConnector implements TenantConnector {
  constructor(
    readonly tenantId: string,
    /** The zone dirty days are computed in (the deployment default). */
    readonly timezone: string,
    private readonly directory: DeviceDirectory,
  ) {}

  /** Devices are not a configured vendor tenant; the pipeline never asks for their configuration. */
  get tenant(): TenantConfig {
    throw new Error('attendance devices have no vendor tenant configuration');
  }

  streams(): StreamDef[] {
    return [];
  }

  codec(): CallbackCodec | null {
    return null;
  }

  async resolveEvent(event: InboxEvent): Promise<LedgerChangeInput[]> {
    if (event.eventType !== ATTLOG_EVENT) return [];
    const p = parseAttPayload(event.payload);
    const device = await this.directory.device(p.sn);
    if (device === undefined) throw new Error(`device ${p.sn} is not registered`);
    if (device.state === 'rejected') return [];
    // Quarantined uploads are held out of the queue; one here raced an approval: try again later.
    if (device.state !== 'approved') throw new Error(`device ${p.sn} is not approved yet`);
    const employeeId = await this.directory.employeeForPin(device, p.pin);
    if (employeeId === null) {
      await this.directory.noteUnmapped(p.sn, p.pin);
      return [];
    }
    await this.directory.ensureIdentity(employeeId);
    return [toPunchChange(p, { ...device, timezone: device.timezone ?? this.timezone }, employeeId)];
  }

  async writeBack(item: WriteBackItem): Promise<void> {
    throw new VendorError(ZKTECO_VENDOR, item.kind, 'not_supported', 'attendance devices are not written to', 'fail');
  }

  async exchangeLoginCode(): Promise<string> {
    throw new VendorError(ZKTECO_VENDOR, 'login', 'not_supported', 'attendance devices have no login codes', 'fail');
  }

  callCount(): number {
    return 0;
  }
}
