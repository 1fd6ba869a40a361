import assert from 'node:assert/strict';
import request from 'supertest';
import { addDays } from '../../src/sandbox/calendar.js';
import { wallToInstant } from '../../adapters/zkteco/map.js';
import { systemClock } from '../../src/clock.js';
import { mapPin } from '../../src/devices/pins.js';
import { addDevice } from '../../src/devices/registry.js';
import { enqueueDeviceWriteBacks } from '../../src/devices/writeback.js';
import { describeEachDb } from '../support/db.js';
import { ZONE, count, deviceApp, drainDevices } from './helpers.js';
import { DINGTALK_TENANT, WECOM_TENANT, dingtalkRows, dingtalkUploads, flushAll, pull, registerVendorTenants, startVendors, wecomRows, type Vendors } from './vendors.js';

const ORG = ['departments', 'users'];
const HOUR = 3_600_000;

interface Planted {
  serial: string;
  tenant: string;
  userid: string;
  employeeId: string;
  wall: string;
  at: number;
}

/**
 * Device punches written back to WeCom and DingTalk come back in the vendors' punch pulls (the
 * sandboxes return accepted writes, as the vendors do); the adapters' mapping recognises them by
 * the mark the write-back put on them, so a full re-pull adds nothing and each punch stays single.
 */
describeEachDb('devices: a vendor re-pull after write-back recognises the device punches', (t) => {
  let v: Vendors;
  const planted: Planted[] = [];
  const now = Date.now();

  async function employeeOf(tenant: string, userid: string): Promise<string> {
    const row = (await t.db('employee_identities').where({ tenant_id: tenant, external_user_id: userid }).first('employee_id')) as { employee_id: string } | undefined;
    assert.ok(row, `${userid} was pulled into ${tenant}`);
    return row.employee_id;
  }

  before(async function () {
    this.timeout(120_000);
    v = await startVendors({ employees: 6, days: 5, seed: 41 });
    await registerVendorTenants(t.db, v, now);
    for (const [conn, names] of [[v.wc, [...ORG, 'punches']], [v.dt, [...ORG, 'punches']]] as const) await pull(t.db, conn, v.range, names);
    // Two terminals, one per vendor tenant; two of each company's people punch on them, on two days.
    const last = v.range.to;
    for (const [serial, tenant, sb] of [['WC-GATE', WECOM_TENANT, v.wecom], ['DT-SHOP', DINGTALK_TENANT, v.dingtalk]] as const) {
      // The WeCom terminal has a name (it follows the mark in device_detail); the DingTalk one has none.
      await addDevice(t.db, serial, { timezone: ZONE, tenantId: tenant, ...(serial === 'WC-GATE' ? { name: 'Gate' } : {}) }, now);
      const people = sb.company.employees.filter((e) => e.hiredOn <= addDays(last, -1)).slice(0, 2);
      assert.equal(people.length, 2);
      for (const [i, e] of people.entries()) {
        const pin = String(7001 + i);
        const employeeId = await employeeOf(tenant, e.key);
        await mapPin(t.db, serial, pin, employeeId, now);
        for (const wall of [`${addDays(last, -1)} 08:47:1${i}`, `${last} 12:31:4${i}`]) planted.push({ serial, tenant, userid: e.key, employeeId, wall, at: wallToInstant(wall, ZONE, 0) });
      }
    }
    for (const serial of ['WC-GATE', 'DT-SHOP']) {
      const mine = planted.filter((p) => p.serial === serial);
      const body = mine.map((p, i) => `${7001 + Math.floor(i / 2)}\t${p.wall}\t0\t15\t0`).join('\r\n') + '\r\n';
      await request(deviceApp(t.db, systemClock)).post(`/iclock/cdata?SN=${serial}&table=ATTLOG&Stamp=1`).type('text/plain').send(body).expect(200);
    }
    await drainDevices(t.db, systemClock);
    assert.equal(await count(t.db, 'punches', { source: 'device' }), planted.length);
    assert.equal((await enqueueDeviceWriteBacks(t.db, systemClock)).enqueued, planted.length);
    assert.deepEqual(await flushAll(t.db, v), { done: planted.length, retrying: 0, parked: 0 });
  });
  after(async () => {
    await v?.close();
  });

  it('wrote each device punch to its vendor exactly once, with the device mark', async () => {
    assert.equal(v.wecom.state.writes.add_checkin_record, planted.filter((p) => p.tenant === WECOM_TENANT).length);
    const uploads = await dingtalkUploads(v.dingtalk);
    assert.deepEqual(
      uploads.map((u) => `${u.userid}@${u.user_check_time}:${u.device_id}`).sort(),
      planted.filter((p) => p.tenant === DINGTALK_TENANT).map((p) => `${p.userid}@${p.at}:AB:DT-SHOP`).sort(),
    );
  });

  it('finds the written punches in the vendors’ own punch lists (so a pull does see them)', async () => {
    for (const p of planted) {
      const rows =
        p.tenant === WECOM_TENANT
          ? (await wecomRows(v.wecom, p.userid, p.at - HOUR, p.at + HOUR)).filter((r) => r.checkin_time * 1000 === p.at).map((r) => [r.deviceid, r.notes])
          : (await dingtalkRows(v.dingtalk, p.userid, p.at - HOUR, p.at + HOUR)).filter((r) => r.userCheckTime === p.at).map((r) => [r.deviceSN, r.sourceType]);
      assert.deepEqual(rows, [p.tenant === WECOM_TENANT ? ['AB:WC-GATE Gate', 'AB:WC-GATE'] : ['AB:DT-SHOP', 'ATM']], `${p.serial} ${p.wall}`);
    }
  });

  it('adds no punch on a full re-pull of both tenants’ punches', async () => {
    const keys = async () => ((await t.db('punches').orderBy('id').pluck('source_record_key')) as string[]).join('\n');
    const before = await keys();
    for (const conn of [v.wc, v.dt]) {
      const r = (await pull(t.db, conn, v.range, ['punches']))['punches'];
      assert.ok(r !== undefined && r.records > 0, `${conn.tenant.id} pulled its punches again`);
    }
    // The vendors may judge their own punches anew (rows change); no row may appear.
    assert.equal(await keys(), before);
  });

  it('leaves each employee’s day with the device punch exactly once', async () => {
    for (const p of planted) {
      const same = (await t.db('punches').where({ employee_id: p.employeeId, at: p.at }).select('tenant_id', 'source', 'device_sn')) as { tenant_id: string; source: string; device_sn: string }[];
      assert.deepEqual(same, [{ tenant_id: 'devices', source: 'device', device_sn: p.serial }], `${p.employeeId} ${p.wall}`);
    }
  });
});
