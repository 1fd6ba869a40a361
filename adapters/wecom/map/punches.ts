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

/** One getcheckindata row → a punch change (null for 未打卡 rows). */
export function mapPunch(r: CheckinRecord): PunchChange | null {
  if (!isPunch(r)) return null;
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
