/**
 * Raw punches → ledger punch changes, from a pull (/attendance/listRecord, §5.2) or from an
 * `attendance_check_record` event (§8.6). Both sources must yield the same natural key for the
 * same punch, and the event carries no record id, so the key is user id + check instant (ms).
 */
import { z } from 'zod';
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import { idLike, numLike } from './time.js';

type PunchChange = Extract<LedgerChangeInput, { kind: 'punch' }>;
type Method = PunchChange['method'];

const optText = z.string().optional().catch(undefined);
const optNum = numLike.optional().catch(undefined);

export const recordSchema = z.looseObject({
  id: idLike.optional(),
  userId: z.string().min(1),
  userCheckTime: numLike,
  sourceType: optText,
  locationMethod: optText,
  locationResult: optText,
  timeResult: optText,
  checkType: optText,
  groupId: idLike.optional().catch(undefined),
  planId: idLike.optional().catch(undefined),
  classId: idLike.optional().catch(undefined),
  userLatitude: optNum,
  userLongitude: optNum,
  userAccuracy: optNum,
  userSsid: optText,
  userMacAddr: optText,
  deviceSN: optText,
  deviceId: optText,
  invalidRecordType: optText,
});
export type RawRecord = z.infer<typeof recordSchema>;

export const eventPunchSchema = z.looseObject({
  userId: z.string().min(1),
  checkTime: numLike,
  bizId: optText,
  groupId: idLike.optional().catch(undefined),
  locationMethod: optText,
  locationResult: optText,
  latitude: optNum,
  longitude: optNum,
  deviceSN: optText,
  checkByUser: z.boolean().optional().catch(undefined),
});
export type EventPunch = z.infer<typeof eventPunchSchema>;

/**
 * Device punches this service uploads (record/upload, src/devices/writeback.ts) come back in
 * later listRecord pulls, but they are already in the ledger under the device source. Their
 * `device_id` is ours to choose: `AB:<serial>`. The docs do not say whether an uploaded record
 * returns it as `deviceSN` (machines; what the sandbox does) or `deviceId` (phones), so either
 * carrying the mark is enough. DingTalk's own machine serials and phone ids have no colon.
 */
export const DEVICE_MARK_PREFIX = 'AB:';

/** The `device_id` a device write-back uploads for a registered device serial. */
export function deviceMark(serial: string): string {
  return `${DEVICE_MARK_PREFIX}${serial}`;
}

/** A record we uploaded for an attendance device (see deviceMark). */
export function isDeviceUpload(r: { deviceSN?: string | undefined; deviceId?: string | undefined }): boolean {
  return (r.deviceSN ?? '').startsWith(DEVICE_MARK_PREFIX) || (r.deviceId ?? '').startsWith(DEVICE_MARK_PREFIX);
}

export function punchKey(userId: string, at: number): string {
  return `${userId}:${at}`;
}

/** sourceType (pull only) first, then locationMethod (both sources): MAP → gps, WIFI → wifi, ATM → device. */
export function methodOf(sourceType: string | undefined, locationMethod: string | undefined): Method {
  switch (sourceType) {
    case 'ATM':
    case 'DING_ATM':
      return 'device';
    case 'BEACON':
      return 'ble';
    case 'BOSS':
    case 'SYSTEM':
      return 'manual';
    case 'APPROVE':
      return 'correction';
    default:
      break;
  }
  switch (locationMethod?.toUpperCase()) {
    case 'WIFI':
      return 'wifi';
    case 'ATM':
    case 'DING_ATM':
      return 'device';
    case 'BEACON':
      return 'ble';
    default:
      return 'gps';
  }
}

function verdictOf(locationResult: string | undefined): PunchChange['locationVerdict'] {
  if (locationResult === 'Outside') return 'outside';
  if (locationResult === 'Normal') return 'inside';
  // Punches that answered no checkpoint come without a verdict (§11.2, second record).
  return 'uncertain';
}

/** Phone coordinates only; machines report their configured place, not the person's. */
function coords(method: Method, lat: number | undefined, lng: number | undefined): Pick<PunchChange, 'lat' | 'lng' | 'datum'> {
  const valid = lat !== undefined && lng !== undefined && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0);
  if (!valid || method === 'device') return { lat: null, lng: null, datum: null };
  // DingTalk's maps are AMap (高德): coordinates are GCJ-02 in mainland China.
  return { lat, lng, datum: 'gcj02' };
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const clip = (s: string | undefined, max: number): string | null => (s === undefined || s === '' ? null : s.slice(0, max));

/**
 * One listRecord row; null for records DingTalk itself does not count (suspected cheating,
 * unconfirmed) and for our own device uploads (the ledger has them from the device).
 */
export function punchFromRecord(r: RawRecord): PunchChange | null {
  if (r.invalidRecordType !== undefined && r.invalidRecordType !== '') return null;
  if (isDeviceUpload(r)) return null;
  const method = methodOf(r.sourceType, r.locationMethod);
  return {
    kind: 'punch',
    externalUserId: r.userId,
    sourceRecordKey: punchKey(r.userId, r.userCheckTime),
    at: r.userCheckTime,
    source: 'vendor',
    method,
    locationVerdict: verdictOf(r.locationResult),
    ...coords(method, r.userLatitude, r.userLongitude),
    accuracyM: method === 'device' || r.userAccuracy === undefined || r.userAccuracy < 0 ? null : r.userAccuracy,
    wifiName: clip(r.userSsid, 128),
    wifiMac: clip(r.userMacAddr, 64),
    deviceSn: clip(r.deviceSN, 64),
    vendorVerdict: clip(r.timeResult, 64),
    raw: compact({
      recordId: r.id,
      sourceType: r.sourceType,
      locationMethod: r.locationMethod,
      checkType: r.checkType,
      timeResult: r.timeResult,
      locationResult: r.locationResult,
      groupId: r.groupId,
      planId: r.planId,
      classId: r.classId,
    }),
  };
}

/** One `dataList` item of an attendance_check_record event; a later pull enriches the same row. */
export function punchFromEvent(e: EventPunch): PunchChange {
  const method = methodOf(undefined, e.locationMethod);
  return {
    provisional: true,
    kind: 'punch',
    externalUserId: e.userId,
    sourceRecordKey: punchKey(e.userId, e.checkTime),
    at: e.checkTime,
    source: 'vendor',
    method,
    locationVerdict: verdictOf(e.locationResult),
    ...coords(method, e.latitude, e.longitude),
    deviceSn: clip(e.deviceSN, 64),
    raw: compact({ bizId: e.bizId, locationMethod: e.locationMethod, locationResult: e.locationResult, groupId: e.groupId, checkByUser: e.checkByUser }),
  };
}
