import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { CheckinRecord } from '../client-schemas.js';

type PunchChange = Extract<LedgerChangeInput, { kind: 'punch' }>;

/** WeCom adds a synthetic row for every missed checkpoint (§3.1); it is not a punch. */
const MISSED = '未打卡';
const OUTSIDE = '地点异常';
/** Phone punches carry the phone's UUID in `deviceid`; attendance machines carry a serial number. */
const PHONE_DEVICE_ID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export function isPunch(r: CheckinRecord): boolean {
  return !r.exception_type.split(';').includes(MISSED);
}

/**
 * Device punches this service writes with add_checkin_record (src/devices/writeback.ts) come back
 * in later getcheckindata pulls, but they are already in the ledger under the device source: a
 * second copy in the WeCom tenant would count the punch twice. WeCom gives such records no id
 * that we chose, so we mark them ourselves: `device_detail` and `notes` both start with
 * `AB:<serial>`. getcheckindata documents `notes` but not where `device_detail` lands (the
 * sandbox returns it as `deviceid`), so either one carrying the mark is enough. WeCom's own device
 * ids are serials or phone UUIDs, never with a colon, so the prefix cannot be a real device's.
 */
export const DEVICE_MARK_PREFIX = 'AB:';
/** `device_detail` is at most 40 characters (§3.7). */
const DETAIL_MAX = 40;

/** What a device write-back puts in its record: the mark first (it must survive the cut), then the name employees read. */
export function deviceMark(serial: string, name: string | null): { deviceDetail: string; notes: string } {
  const mark = `${DEVICE_MARK_PREFIX}${serial}`;
  const detail = name === null || name === serial ? mark : `${mark} ${name}`;
  return { deviceDetail: [...detail].slice(0, DETAIL_MAX).join(''), notes: mark };
}

/** A record we wrote back for an attendance device (see deviceMark). */
export function isDeviceWriteBack(r: Pick<CheckinRecord, 'deviceid' | 'notes'>): boolean {
  return (r.deviceid ?? '').startsWith(DEVICE_MARK_PREFIX) || (r.notes ?? '').startsWith(DEVICE_MARK_PREFIX);
}

/** Stable across re-pulls and callbacks: WeCom has no record id (§3.1), the punch type is fixed when punching. */
export function punchKey(r: Pick<CheckinRecord, 'userid' | 'checkin_time' | 'checkin_type'>): string {
  return `${r.userid}|${r.checkin_time}|${r.checkin_type}`;
}

function method(r: CheckinRecord): PunchChange['method'] {
  if (r.wifimac) return 'wifi';
  if (r.deviceid && !PHONE_DEVICE_ID.test(r.deviceid)) return 'device';
  if (r.lat || r.lng) return 'gps';
  return 'manual';
}

/** Degrees × 1e6 (GCJ-02) → degrees; 0/absent means "no location" (§1). */
function degrees(v: number | undefined, max: number): number | null {
  if (v === undefined || v === 0) return null;
  const d = v / 1e6;
  return Math.abs(d) <= max ? d : null;
}

const orNull = (s: string | undefined, max: number): string | null => (s ? s.slice(0, max) : null);

/** One getcheckindata row → a punch change (null for 未打卡 rows and our own device write-backs). */
export function mapPunch(r: CheckinRecord): PunchChange | null {
  if (!isPunch(r) || isDeviceWriteBack(r)) return null;
  const lat = degrees(r.lat, 90);
  const lng = degrees(r.lng, 180);
  return {
    kind: 'punch',
    externalUserId: r.userid,
    sourceRecordKey: punchKey(r),
    at: r.checkin_time * 1000,
    source: 'vendor',
    method: method(r),
    locationVerdict: r.exception_type.split(';').includes(OUTSIDE) ? 'outside' : 'inside',
    lat,
    lng,
    datum: lat === null || lng === null ? null : 'gcj02',
    wifiName: orNull(r.wifiname, 128),
    wifiMac: orNull(r.wifimac, 64),
    deviceSn: orNull(r.deviceid, 64),
    vendorVerdict: (r.exception_type || 'normal').slice(0, 64),
    raw: {
      checkin_type: r.checkin_type,
      exception_type: r.exception_type,
      groupid: r.groupid ?? null,
      schedule_id: r.schedule_id ?? null,
      timeline_id: r.timeline_id ?? null,
      sch_checkin_time: r.sch_checkin_time ?? null,
      location_title: r.location_title ?? null,
    },
  };
}

export function mapPunches(records: readonly CheckinRecord[]): PunchChange[] {
  return records.flatMap((r) => mapPunch(r) ?? []);
}
