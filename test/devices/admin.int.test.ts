import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { addSettings, deviceAdd, deviceApprove, deviceList, deviceMap, deviceReject, type AdminContext } from '../../src/devices/admin.js';
import { findDevice, touchDevice } from '../../src/devices/registry.js';
import { storeAttlog } from '../../src/devices/ingest.js';
import { CliError } from '../../src/errors.js';
import { describeEachDb } from '../support/db.js';
import { ZONE, addEmployee, count } from './helpers.js';

async function rejectsWith2(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof CliError && e.exitCode === 2 && pattern.test(e.message));
}

describe('devices: device add options', () => {
  it('validates zone, tenant, networks and numbers as bad input (exit 2)', () => {
    assert.deepEqual(addSettings({ sn: 'A', timezone: 'Asia/Shanghai', tenant: 'acme', networks: '10.0.0.0/8', clockOffset: '-30', interval: '900', name: 'Gate', site: 'hq' }, ['acme']), {
      timezone: 'Asia/Shanghai',
      tenantId: 'acme',
      allowedNetworks: ['10.0.0.0/8'],
      clockOffsetS: -30,
      expectedIntervalS: 900,
      name: 'Gate',
      siteId: 'hq',
    });
    const bad = (o: Parameters<typeof addSettings>[0], re: RegExp) => assert.throws(() => addSettings(o, ['acme']), (e: unknown) => e instanceof CliError && e.exitCode === 2 && re.test(e.message));
    bad({ sn: 'A', timezone: 'Mars/Base' }, /IANA/);
    bad({ sn: 'A', timezone: 'UTC', tenant: 'nope' }, /unknown tenant "nope"; configured: acme/);
    bad({ sn: 'A', timezone: 'UTC', networks: '10.0.0.0/40' }, /--networks/);
    bad({ sn: 'A', timezone: 'UTC', clockOffset: '1.5' }, /--clock-offset/);
  });
});

describeEachDb('devices: the admin commands', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T04:00:00Z'));
  const lines: string[] = [];
  const ctx = (): AdminContext => ({ db: t.db, clock, defaultTimezone: ZONE, tenantIds: ['acme'], out: (l) => void lines.push(l) });

  it('adds, approves (releasing quarantined uploads), rejects, maps and lists devices', async () => {
    await touchDevice(t.db, 'QX', '10.0.0.9', clock.now());
    await storeAttlog(t.db, 'QX', [{ pin: '55', time: '2026-03-02 09:00:00', status: 0, verify: 1, workcode: '' }], 1, clock.now());
    await deviceApprove(ctx(), 'QX');
    assert.equal(lines.pop(), 'device QX approved; 1 quarantined record(s) released');
    await deviceAdd(ctx(), { sn: 'G1', timezone: 'Europe/Berlin', tenant: 'acme', name: 'Gate' });
    assert.equal(lines.pop(), 'device G1 registered and approved');
    assert.equal((await findDevice(t.db, 'G1'))?.tenantId, 'acme');
    await deviceReject(ctx(), 'G1');
    assert.equal((await findDevice(t.db, 'G1'))?.state, 'rejected');
    await addEmployee(t.db, 'e_9', null, clock.now());
    await deviceMap(ctx(), { sn: 'QX', pin: '55', employee: 'e_9' });
    assert.equal(lines.pop(), 'PIN 55 of QX → e_9; 0 record(s) queued to resolve again');
    assert.equal(await count(t.db, 'device_users', { serial: 'QX', pin: '55', employee_id: 'e_9' }), 1);
    lines.length = 0;
    await deviceList(ctx());
    assert.deepEqual(lines, [
      'serial\tstate\tlast_contact\tbacklog\tunmapped_pins\ttenant\ttimezone\tname',
      'G1\trejected\tnever\t0\t-\tacme\tEurope/Berlin\tGate',
      'QX\tapproved\t2026-03-02T04:00:00Z\t1\t-\t-\tAsia/Shanghai\t-',
    ]);
  });

  it('answers unknown serials, employees and malformed input with exit code 2', async () => {
    await rejectsWith2(deviceApprove(ctx(), 'NOPE'), /No device with serial NOPE/);
    await rejectsWith2(deviceReject(ctx(), 'NOPE'), /No device/);
    await rejectsWith2(deviceMap(ctx(), { sn: 'QX', pin: '55', employee: 'e_missing' }), /No employee/);
    await rejectsWith2(deviceMap(ctx(), { sn: 'QX', pin: '5 5', employee: 'e_9' }), /not a device PIN/);
    await rejectsWith2(deviceAdd(ctx(), { sn: 'bad serial', timezone: 'UTC' }), /not a device serial/);
  });
});
