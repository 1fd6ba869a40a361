import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import { deviceMark as dingtalkDeviceMark } from '../../adapters/dingtalk/map/punch.js';
import { deviceMark as wecomDeviceMark } from '../../adapters/wecom/map/punches.js';
import { writeBackKey } from '../../adapters/zkteco/map.js';
import { enqueue, type OutboxItem } from '../writeback/outbox.js';
import { DEVICE_TENANT } from './inboxRows.js';

/**
 * Device punches written to the employee's vendor tenant, so employees see them in WeCom or
 * DingTalk. A step after the ledger: it reads applied device punches past its cursor and
 * enqueues one write-back each (idempotency key `device:<serial>:<pin>:<raw time>`), committing
 * the items and the cursor together. Each run looks back a few ids again, because on MySQL a
 * punch with a lower id can commit after a higher one; the key makes that re-enqueue a no-op.
 */
export interface DevicePunchOut {
  userid: string;
  at: number;
  deviceSn: string;
  deviceName: string | null;
}

/**
 * The outbox item for one device punch in a vendor tenant. The payload is `{ userid, at, deviceSn,
 * deviceName }` plus what each adapter's write-back reads: WeCom `add_checkin_record` takes
 * `records[]` (one record: one punch per item, so a retry never adds a record twice; device_type
 * 2 = 考勤机), DingTalk `punch_upload` takes `userId`/`deviceId`/`deviceName`.
 * Both carry the adapter's device mark `AB:<serial>` (WeCom: `device_detail` and `notes`;
 * DingTalk: `device_id`), which each adapter's punch mapping recognises in later pulls, so a
 * written-back punch is not pulled in again as a second, vendor punch.
 */
export function devicePunchWriteBack(vendor: WritableVendor, p: DevicePunchOut): { kind: string; payload: Record<string, unknown> } {
  const base = { userid: p.userid, at: p.at, deviceSn: p.deviceSn, deviceName: p.deviceName };
  return vendor === 'wecom'
    ? { kind: 'add_checkin_record', payload: { ...base, records: [{ userid: p.userid, at: p.at, deviceType: 2, ...wecomDeviceMark(p.deviceSn, p.deviceName) }] } }
    : { kind: 'punch_upload', payload: { ...base, userId: p.userid, deviceId: dingtalkDeviceMark(p.deviceSn), deviceName: p.deviceName ?? p.deviceSn } };
}

type WritableVendor = 'wecom' | 'dingtalk';
const writable = (vendor: string | null): vendor is WritableVendor => vendor === 'wecom' || vendor === 'dingtalk';
const STREAM = 'device_writeback';
const RESCAN_IDS = 200;
const PAGE = 500;

interface PunchRow {
  id: number;
  source_record_key: string;
  at: number;
  employee_id: string;
  device_sn: string;
  tenant_id: string | null;
  device_name: string | null;
  vendor: string | null;
}

export interface WriteBackRun {
  /** New outbox items (a re-scanned punch already enqueued is not counted). */
  enqueued: number;
  /** Punches whose employee has no user in the device's vendor tenant (nothing to write to). */
  unlinked: number;
  /** Punches of devices without a (configured) vendor tenant: ledger only. */
  ledgerOnly: number;
}

async function readCursor(db: Db): Promise<number> {
  const row = (await db('sync_checkpoints').where({ tenant_id: DEVICE_TENANT, stream: STREAM }).first('cursor')) as { cursor: string } | undefined;
  return row === undefined ? 0 : (JSON.parse(row.cursor) as { lastId: number }).lastId;
}

async function userIds(db: Db, rows: readonly PunchRow[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byTenant = new Map<string, Set<string>>();
  for (const r of rows) if (r.tenant_id !== null) byTenant.set(r.tenant_id, (byTenant.get(r.tenant_id) ?? new Set()).add(r.employee_id));
  for (const [tenant, employees] of byTenant) {
    const found = (await db('employee_identities').where('tenant_id', tenant).whereIn('employee_id', [...employees]).orderBy('external_user_id')) as { employee_id: string; external_user_id: string }[];
    for (const f of found) if (!out.has(`${tenant}|${f.employee_id}`)) out.set(`${tenant}|${f.employee_id}`, f.external_user_id);
  }
  return out;
}

export async function enqueueDeviceWriteBacks(db: Db, clock: Clock): Promise<WriteBackRun> {
  const run: WriteBackRun = { enqueued: 0, unlinked: 0, ledgerOnly: 0 };
  const cursor = await readCursor(db);
  for (let after = Math.max(0, cursor - RESCAN_IDS); ; ) {
    const rows = (await db('punches as p')
      .join('devices as d', 'd.serial', 'p.device_sn')
      .leftJoin('tenants as t', 't.id', 'd.tenant_id')
      .where('p.tenant_id', DEVICE_TENANT)
      .andWhere('p.source', 'device')
      .andWhere('p.id', '>', after)
      .orderBy('p.id')
      .limit(PAGE)
      .select('p.id', 'p.source_record_key', 'p.at', 'p.employee_id', 'p.device_sn', 'd.tenant_id', 'd.name as device_name', 't.vendor')) as PunchRow[];
    if (rows.length === 0) break;
    const users = await userIds(db, rows);
    const items: OutboxItem[] = [];
    for (const r of rows) {
      const userid = users.get(`${r.tenant_id}|${r.employee_id}`);
      if (r.tenant_id === null || !writable(r.vendor)) run.ledgerOnly += 1;
      else if (userid === undefined) run.unlinked += 1;
      else items.push({ idempotencyKey: writeBackKey(r.source_record_key), tenantId: r.tenant_id, ...devicePunchWriteBack(r.vendor, { userid, at: Number(r.at), deviceSn: r.device_sn, deviceName: r.device_name }) });
    }
    const lastId = Number(rows[rows.length - 1]?.id);
    await db.transaction(async (trx) => {
      const keys = items.map((i) => i.idempotencyKey);
      const existing = keys.length === 0 ? 0 : Number(((await trx('writeback_outbox').whereIn('idempotency_key', keys).count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
      await enqueue(trx, items, clock.now());
      run.enqueued += items.length - existing;
      if (lastId > cursor) {
        await trx('sync_checkpoints')
          .insert({ tenant_id: DEVICE_TENANT, stream: STREAM, cursor: JSON.stringify({ lastId }), updated_at: clock.now() })
          .onConflict(['tenant_id', 'stream'])
          .merge(['cursor', 'updated_at']);
      }
    });
    after = lastId;
  }
  return run;
}
