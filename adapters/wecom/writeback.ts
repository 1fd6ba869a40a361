import { z } from 'zod';
import { VendorError } from '../../src/http/vendorError.js';
import type { WriteBackItem, WriteBackResult } from '../../src/vendor/contract.js';
import type { WecomClient } from './client.js';
import { applyEventResultSchema, checkinDataSchema, okSchema, type CheckinRecord } from './client-schemas.js';
import { wecomApis } from './descriptor.js';
import { applyEventBody, applyEventPayload } from './writeback-apply.js';
import { midnightSec } from './map/time.js';
import { sendFileMessage, sendTextMessage } from './messages.js';

/**
 * Write-backs taken from the outbox (§3.6–3.8, §4.3, §5; application messages in messages.ts). Payloads are vendor-neutral (local dates,
 * epoch ms, degrees); this module turns them into WeCom bodies. A payload that does not validate
 * is a permanent failure, so the outbox parks it instead of retrying.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const epochMs = z.number().int().nonnegative();
const userid = z.string().min(1).max(64);

const correctionPayload = z.object({ userid, date: isoDate, checkinAt: epochMs, scheduleCheckinSec: z.number().int().nonnegative().optional(), remark: z.string().optional() });

const recordPayload = z.object({
  records: z
    .array(
      z.object({
        userid,
        at: epochMs,
        locationTitle: z.string().max(1024).optional(),
        locationDetail: z.string().max(1024).optional(),
        notes: z.string().max(1024).optional(),
        wifiName: z.string().max(1024).optional(),
        wifiMac: z.string().optional(),
        lat: z.number().min(-90).max(90).optional(),
        lng: z.number().min(-180).max(180).optional(),
        deviceType: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
        deviceDetail: z.string().max(40).optional(),
      }),
    )
    .min(1)
    // One outbox item is one call: a retried item must not re-add records an earlier call already added.
    .max(wecomApis.add_checkin_record.maxPageSize),
});

const schedulePayload = z.object({
  groupid: z.number().int().positive(),
  items: z.array(z.object({ userid, date: isoDate, shiftExternalId: z.string().regex(/^\d+$/).nullable() })).min(1),
});

const quotaPayload = z.object({ userid, vacationId: z.number().int().positive(), leftSeconds: z.number().int().nonnegative(), timeAttr: z.union([z.literal(0), z.literal(1)]), remarks: z.string().max(200).optional() });

function parse<T>(schema: z.ZodType<T>, item: WriteBackItem): T {
  const r = schema.safeParse(item.payload);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new VendorError('wecom', item.kind, 'bad_payload', `${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`, 'fail');
  }
  return r.data;
}

const micro = (deg: number | undefined): number | undefined => (deg === undefined ? undefined : Math.round(deg * 1e6));
const sec = (ms: number): number => Math.floor(ms / 1000);

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

type RecordBody = Record<string, unknown> & { userid: string; checkin_time: number; notes?: string | undefined; device_detail?: string | undefined };

/** Seconds either side of a record's time that the re-check reads (getcheckindata windows are in seconds). */
const RECHECK_SLACK_SEC = 60;

/** A pulled record is the one we wrote: same user and second, and our mark (`notes`, or `device_detail` shown as `deviceid`) when we sent one. */
function isWritten(r: CheckinRecord, w: RecordBody): boolean {
  if (r.userid !== w.userid || r.checkin_time !== w.checkin_time) return false;
  if (w.notes === undefined && w.device_detail === undefined) return true;
  return (w.notes !== undefined && r.notes === w.notes) || (w.device_detail !== undefined && r.deviceid === w.device_detail);
}

/**
 * add_checkin_record has no idempotency key: when an earlier attempt may have been applied (its
 * worker died mid-call), read the users' punches around the records' times (getcheckindata type 3,
 * ≤ 100 users and a day per call) and keep only the records not there yet.
 */
async function notYetWritten(client: WecomClient, records: RecordBody[]): Promise<RecordBody[]> {
  const sorted = [...records].sort((a, b) => a.checkin_time - b.checkin_time);
  const groups: RecordBody[][] = [];
  for (const r of sorted) {
    const g = groups.at(-1);
    const first = g?.[0];
    if (g !== undefined && first !== undefined && r.checkin_time - first.checkin_time < 86_400 && new Set([...g.map((x) => x.userid), r.userid]).size <= wecomApis.getcheckindata.maxUsers) g.push(r);
    else groups.push([r]);
  }
  const present: CheckinRecord[] = [];
  for (const g of groups) {
    const times = g.map((r) => r.checkin_time);
    const body = { opencheckindatatype: 3, starttime: Math.min(...times) - RECHECK_SLACK_SEC, endtime: Math.max(...times) + RECHECK_SLACK_SEC, useridlist: [...new Set(g.map((r) => r.userid))] };
    present.push(...(await client.call('getcheckindata', { body, schema: checkinDataSchema })).checkindata);
  }
  return records.filter((w) => !present.some((r) => isWritten(r, w)));
}

export async function writeBack(client: WecomClient, zone: string, item: WriteBackItem): Promise<WriteBackResult | void> {
  switch (item.kind) {
    case 'punch_correction': {
      const p = parse(correctionPayload, item);
      const body = defined({ userid: p.userid, schedule_date_time: midnightSec(p.date, zone), schedule_checkin_time: p.scheduleCheckinSec, checkin_time: sec(p.checkinAt), remark: p.remark });
      await client.call('punch_correction', { body, schema: okSchema });
      return;
    }
    case 'add_checkin_record': {
      const p = parse(recordPayload, item);
      const all: RecordBody[] = p.records.map((r) =>
        defined({
          userid: r.userid, checkin_time: sec(r.at), location_title: r.locationTitle, location_detail: r.locationDetail, notes: r.notes, wifiname: r.wifiName,
          wifimac: r.wifiMac, lat: micro(r.lat), lng: micro(r.lng), device_type: r.deviceType, device_detail: r.deviceDetail,
        }),
      );
      // Only a possibly applied earlier attempt costs the extra read.
      const records = item.maybeApplied === true ? await notYetWritten(client, all) : all;
      if (records.length > 0) await client.call('add_checkin_record', { body: { records }, schema: okSchema });
      return;
    }
    case 'schedule': {
      // setcheckinschedulist takes one month per call; setting the same day twice is harmless.
      const p = parse(schedulePayload, item);
      const months = new Map<string, { userid: string; day: number; schedule_id: number }[]>();
      for (const it of p.items) {
        const ym = it.date.slice(0, 7).replace('-', '');
        months.set(ym, [...(months.get(ym) ?? []), { userid: it.userid, day: Number(it.date.slice(8)), schedule_id: it.shiftExternalId === null ? 0 : Number(it.shiftExternalId) }]);
      }
      for (const [ym, items] of [...months].sort()) await client.call('setcheckinschedulist', { body: { groupid: p.groupid, items, yearmonth: Number(ym) }, schema: okSchema });
      return;
    }
    case 'quota': {
      const p = parse(quotaPayload, item);
      await client.call('setoneuserquota', { body: defined({ userid: p.userid, vacation_id: p.vacationId, leftduration: p.leftSeconds, time_attr: p.timeAttr, remarks: p.remarks }), schema: okSchema });
      return;
    }
    case 'apply_event': {
      // The form's sp_no goes back to the outbox, which links it to the request the form files,
      // so the approval pulled or called back later updates that request.
      const p = parse(applyEventPayload, item);
      const out = await client.call('applyevent', { body: applyEventBody(p), schema: applyEventResultSchema });
      return { externalRef: out.sp_no };
    }
    case 'message':
      return sendTextMessage(client, item);
    case 'file_message':
      return sendFileMessage(client, item);
    default:
      throw new VendorError('wecom', item.kind, 'unknown_kind', `no WeCom write-back for "${item.kind}"`, 'fail');
  }
}
