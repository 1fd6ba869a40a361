import assert from 'node:assert/strict';
import request from 'supertest';
import { ManualClock } from '../../src/clock.js';
import { checkDevices, deviceHealth } from '../../src/devices/health.js';
import { mapPin, remapResolvedPins, unmappedPins } from '../../src/devices/pins.js';
import { addDevice, approveDevice, findDevice, rejectDevice } from '../../src/devices/registry.js';
import { enqueueDeviceWriteBacks } from '../../src/devices/writeback.js';
import { createMetrics } from '../../src/metrics.js';
import { describeEachDb } from '../support/db.js';
import { ZONE, addEmployee, captureLogger, count, deviceApp, drainDevices } from './helpers.js';

const upload = (pins: string[], day = '2026-03-02') => pins.map((p, i) => `${p}\t${day} 09:0${i}:00\t0\t15\t0`).join('\r\n') + '\r\n';

describeEachDb('devices: from upload to ledger and back to the vendor', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T04:00:00Z'));
  const post = (sn: string, body: string, stamp: number) => request(deviceApp(t.db, clock)).post(`/iclock/cdata?SN=${sn}&table=ATTLOG&Stamp=${stamp}`).type('text/plain').send(body).expect(200);
  const punchKeys = async () => ((await t.db('punches').where('source', 'device').orderBy('source_record_key')) as { source_record_key: string }[]).map((p) => p.source_record_key);

  before(async () => {
    const now = clock.now();
    for (const [id, job] of [['e_a', '1001'], ['e_b', '1002'], ['e_c', '1003'], ['e_d', null]] as const) await addEmployee(t.db, id, job, now);
    await t.db('tenants').insert([
      { id: 'acme', vendor: 'wecom', corp_id: 'wwacme', name: 'Acme', timezone: ZONE, created_at: now },
      { id: 'dd', vendor: 'dingtalk', corp_id: 'dingacme', name: 'Acme DD', timezone: ZONE, created_at: now },
    ]);
    await t.db('employee_identities').insert([
      { tenant_id: 'acme', external_user_id: 'zhangsan', employee_id: 'e_a', created_at: now },
      { tenant_id: 'dd', external_user_id: 'dd-lisi', employee_id: 'e_b', created_at: now },
    ]);
  });

  it('keeps an unknown serial quarantined: stored, no punches, until an admin approves it; then all of it flows', async () => {
    await post('Q1', upload(['1001', '1002']), 2);
    await post('Q1', upload(['1003'], '2026-03-01'), 3);
    assert.equal(await count(t.db, 'callback_inbox', { vendor: 'zkteco', state: 'quarantined' }), 3);
    assert.deepEqual(await drainDevices(t.db, clock), { done: 0, failed: 0, parked: 0 });
    assert.equal(await count(t.db, 'punches'), 0);
    assert.deepEqual(await approveDevice(t.db, 'Q1', ZONE, clock.now()), { released: 3 });
    assert.equal((await findDevice(t.db, 'Q1'))?.timezone, ZONE, 'approved without a zone: TZ_DEFAULT, fixed');
    assert.equal((await drainDevices(t.db, clock)).done, 3);
    assert.deepEqual(await punchKeys(), ['Q1:1001:2026-03-02 09:00:00', 'Q1:1002:2026-03-02 09:01:00', 'Q1:1003:2026-03-01 09:00:00']);
    const p = (await t.db('punches').where('source_record_key', 'Q1:1001:2026-03-02 09:00:00').first()) as Record<string, unknown>;
    assert.equal(p.employee_id, 'e_a');
    assert.equal(Number(p.at), Date.parse('2026-03-02T01:00:00Z'));
    assert.equal(p.method, 'device');
    assert.equal(p.device_sn, 'Q1');
    assert.equal(JSON.parse(p.raw as string).time, '2026-03-02 09:00:00');
    assert.ok(await count(t.db, 'dirty_days', { employee_id: 'e_a', work_date: '2026-03-02' }), 'its day is dirty');
    assert.equal(await count(t.db, 'employees'), 4, 'no placeholder employees');
  });

  it('keeps a rejected device’s uploads and never makes punches of them', async () => {
    await post('R1', upload(['1001']), 1);
    await rejectDevice(t.db, 'R1', clock.now());
    await post('R1', upload(['1002']), 2);
    await drainDevices(t.db, clock);
    assert.equal(await count(t.db, 'callback_inbox', { vendor: 'zkteco', state: 'rejected' }), 2);
    assert.ok((await punchKeys()).every((k) => !k.startsWith('R1:')));
  });

  it('converts through the device zone and clock offset', async () => {
    await addDevice(t.db, 'BER', { timezone: 'Europe/Berlin', clockOffsetS: 120, tenantId: 'acme', name: 'Berlin gate' }, clock.now());
    await post('BER', '1001\t2026-03-02 09:00:00\t0\t1\r\n', 1);
    await drainDevices(t.db, clock);
    const p = (await t.db('punches').where('source_record_key', 'BER:1001:2026-03-02 09:00:00').first()) as { at: number };
    assert.equal(Number(p.at), Date.parse('2026-03-02T08:00:00Z') - 120_000);
  });

  it('keeps an unknown PIN for mapping and lets its punches flow once mapped (explicitly or by job number)', async () => {
    await post('BER', upload(['2001', '2002']), 3);
    await drainDevices(t.db, clock);
    assert.deepEqual((await unmappedPins(t.db, 'BER')).map((u) => u.pin), ['2001', '2002']);
    assert.ok((await punchKeys()).every((k) => !k.startsWith('BER:200')));
    assert.deepEqual(await mapPin(t.db, 'BER', '2001', 'e_d', clock.now()), { requeued: 1 });
    await drainDevices(t.db, clock);
    assert.ok((await punchKeys()).includes('BER:2001:2026-03-02 09:00:00'));
    await t.db('employees').where('id', 'e_c').update({ job_number: '2002' });
    clock.advance(120_000);
    assert.deepEqual(await remapResolvedPins(t.db, clock.now()), { pins: 2, requeued: 2 });
    await drainDevices(t.db, clock);
    assert.ok((await punchKeys()).includes('BER:2002:2026-03-02 09:01:00'));
    assert.deepEqual(await unmappedPins(t.db, 'BER'), []);
    const p = (await t.db('punches').where('source_record_key', 'BER:2001:2026-03-02 09:00:00').first()) as { employee_id: string };
    assert.equal(p.employee_id, 'e_d', 'the explicit mapping wins');
  });

  it('enqueues one write-back per device punch for the device’s vendor tenant, exactly once', async () => {
    await addDevice(t.db, 'DD1', { timezone: ZONE, tenantId: 'dd', name: 'Shop' }, clock.now());
    await post('DD1', upload(['1002']), 1);
    await drainDevices(t.db, clock);
    const first = await enqueueDeviceWriteBacks(t.db, clock);
    // BER (acme, WeCom): e_a linked; e_d and e_c have no WeCom user. DD1 (DingTalk): e_b linked. Q1 has no tenant.
    assert.deepEqual(first, { enqueued: 2, unlinked: 2, ledgerOnly: 3 });
    const berAt = Date.parse('2026-03-02T08:00:00Z') - 120_000;
    const items = (await t.db('writeback_outbox').orderBy('idempotency_key')) as { idempotency_key: string; tenant_id: string; kind: string; payload: string }[];
    assert.deepEqual(
      items.map((i) => [i.idempotency_key, i.tenant_id, i.kind, JSON.parse(i.payload)]),
      [
        [
          'device:BER:1001:2026-03-02 09:00:00',
          'acme',
          'add_checkin_record',
          {
            userid: 'zhangsan',
            at: berAt,
            deviceSn: 'BER',
            deviceName: 'Berlin gate',
            // The mark `AB:<serial>` lets a later WeCom pull recognise the record as this punch.
            records: [{ userid: 'zhangsan', at: berAt, deviceType: 2, deviceDetail: 'AB:BER Berlin gate', notes: 'AB:BER' }],
          },
        ],
        ['device:DD1:1002:2026-03-02 09:00:00', 'dd', 'punch_upload', { userid: 'dd-lisi', userId: 'dd-lisi', at: Date.parse('2026-03-02T01:00:00Z'), deviceSn: 'DD1', deviceId: 'AB:DD1', deviceName: 'Shop' }],
      ],
    );
    // A resend, a re-resolve and another run add nothing.
    await post('DD1', upload(['1002']), 1);
    await t.db('callback_inbox').where('vendor', 'zkteco').andWhere('state', 'done').update({ state: 'pending' });
    await drainDevices(t.db, clock);
    assert.equal((await enqueueDeviceWriteBacks(t.db, clock)).enqueued, 0);
    assert.equal(await count(t.db, 'writeback_outbox'), 2);
  });

  it('reports devices silent longer than their interval, by function, log and gauge', async () => {
    const metrics = createMetrics();
    deviceApp(t.db, clock, { metrics });
    clock.advance(30 * 60_000);
    await request(deviceApp(t.db, clock)).get('/iclock/getrequest?SN=DD1').expect(200);
    const health = await deviceHealth(t.db, clock.now());
    assert.deepEqual(health.map((h) => [h.serial, h.silent]), [['BER', true], ['DD1', false], ['Q1', true]]);
    assert.ok(!health.some((h) => h.serial === 'R1'), 'rejected devices are not watched');
    const { logger, lines } = captureLogger('warn');
    const check = await checkDevices(t.db, clock, logger);
    assert.deepEqual(check.silent, ['BER', 'Q1']);
    assert.equal(lines.filter((l) => l.includes('device silent')).length, 2);
    const text = await metrics.registry.metrics();
    assert.match(text, /attendance_device_silent\{serial="Q1"\} 1/);
    assert.match(text, /attendance_device_silent\{serial="DD1"\} 0/);
    assert.match(text, /attendance_device_seconds_since_contact\{serial="DD1"\} 0/);
  });
});
