import { DateTime } from 'luxon';
import { z } from 'zod';
import type { LedgerChangeInput } from '../../src/ledger/model.js';
import type { InboxEvent } from '../../src/vendor/contract.js';
import type { AttRecord } from './attlog.js';

/** Pure mapping of device records: inbox events, record keys, wall time → instant, punch changes. */

export const ZKTECO_VENDOR = 'zkteco';
export const ATTLOG_EVENT = 'attlog';

/** Serial numbers: letters, digits, `-` and `_` (they become parts of keys). */
export const SERIAL_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `<serial>:<pin>:<raw time>`: stable across resends and DATA QUERY re-uploads. It is the inbox
 * event key, the punch's source record key, and (prefixed `device:`) the write-back key.
 */
export function recordKey(sn: string, pin: string, time: string): string {
  return `${sn}:${pin}:${time}`;
}

export function writeBackKey(sourceRecordKey: string): string {
  return `device:${sourceRecordKey}`;
}

const payloadSchema = z.object({
  sn: z.string().regex(SERIAL_PATTERN),
  pin: z.string().min(1),
  time: z.string(),
  status: z.number().int().nullable(),
  verify: z.number().int().nullable(),
  workcode: z.string(),
});
export type AttPayload = z.infer<typeof payloadSchema>;

/** One inbox event per record, so resends dedupe per record and re-resolving can be per PIN. */
export function attlogEvents(sn: string, records: readonly AttRecord[]): InboxEvent[] {
  return records.map((r) => ({
    eventKey: recordKey(sn, r.pin, r.time),
    eventType: ATTLOG_EVENT,
    payload: { sn, pin: r.pin, time: r.time, status: r.status, verify: r.verify, workcode: r.workcode },
  }));
}

export function parseAttPayload(payload: Record<string, unknown>): AttPayload {
  return payloadSchema.parse(payload);
}

/**
 * Device wall time → UTC epoch ms, through the device's zone, minus its clock offset (seconds
 * the device runs ahead). A wall time in a DST gap moves forward, as luxon does.
 */
export function wallToInstant(time: string, zone: string, clockOffsetS: number): number {
  const dt = DateTime.fromFormat(time, 'yyyy-MM-dd HH:mm:ss', { zone });
  if (!dt.isValid) throw new Error(`invalid device time or zone (${dt.invalidReason ?? 'unknown'})`);
  return dt.toMillis() - clockOffsetS * 1000;
}

/** Instant → device wall time (gap ranges for DATA QUERY are in the device's clock). */
export function instantToWall(at: number, zone: string, clockOffsetS: number): string {
  return DateTime.fromMillis(at + clockOffsetS * 1000, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

const VERIFY_NAMES: Record<number, string> = { 0: 'password', 1: 'fingerprint', 2: 'card', 15: 'face' };

export function verifyName(code: number | null): string | null {
  if (code === null) return null;
  return VERIFY_NAMES[code] ?? `verify:${code}`;
}

export interface DeviceContext {
  serial: string;
  name: string | null;
  siteId: string | null;
  timezone: string;
  clockOffsetS: number;
}

/**
 * A record as a ledger punch of `employeeId` (the device source names people by employee id).
 * The raw wall time, zone, offset, status and verify code are kept in `raw`.
 */
export function toPunchChange(p: AttPayload, device: DeviceContext, employeeId: string): LedgerChangeInput {
  return {
    kind: 'punch',
    externalUserId: employeeId,
    sourceRecordKey: recordKey(p.sn, p.pin, p.time),
    at: wallToInstant(p.time, device.timezone, device.clockOffsetS),
    source: 'device',
    method: 'device',
    deviceSn: device.serial,
    siteId: device.siteId,
    vendorVerdict: verifyName(p.verify),
    raw: { sn: p.sn, pin: p.pin, time: p.time, status: p.status, verify: p.verify, workcode: p.workcode, timezone: device.timezone, clockOffsetS: device.clockOffsetS },
  };
}
