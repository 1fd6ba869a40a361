import assert from 'node:assert/strict';
import request from 'supertest';
import { storeAttlog } from '../../src/devices/ingest.js';
import { touchDevice } from '../../src/devices/registry.js';
import { drainDevices } from '../devices/helpers.js';
import { describeEachDb } from '../support/db.js';
import { NOW, assertDocumented, bearer, count, emp, seed, type Fixture } from './fixture.js';

interface DeviceBody {
  serial: string;
  state: string;
  lastContactAt: string | null;
  silent: boolean;
  backlog: number;
  tenantId: string | null;
  timezone: string | null;
  unmappedPins: { pin: string; name: string | null }[];
}

const record = (pin: string, time: string) => ({ pin, time, status: 0, verify: 1, workcode: '' });

describeEachDb('api: devices', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  const list = async (token = f.tokens.hr): Promise<DeviceBody[]> => {
    const res = await request(f.app).get('/api/v1/devices').set(...bearer(token)).expect(200);
    assertDocumented('get', '/devices', res);
    return res.body.devices;
  };
  const device = async (sn: string) => (await list()).find((d) => d.serial === sn);
  const post = async (path: string, body: unknown, status: number, token = f.tokens.admin) => {
    const res = await request(f.app).post(`/api/v1${path}`).set(...bearer(token)).send(body as object).expect(status);
    if (status < 300) assertDocumented('post', path, res);
    return res.body;
  };
  const audit = async (entity: string, entityId: string) =>
    ((await t.db('audit_log').where({ entity, entity_id: entityId }).orderBy('id')) as { action: string; actor: string; before: string | null; after: string | null }[]).map((a) => ({
      action: a.action,
      actor: a.actor.split(' ')[0],
      before: a.before === null ? null : (JSON.parse(a.before) as { state?: string }),
      after: a.after === null ? null : (JSON.parse(a.after) as { state?: string; employee_id?: string }),
    }));

  it('lets HR and admins read, only admins change, and nobody else in', async () => {
    await touchDevice(t.db, 'ROLE1', '10.0.0.1', NOW);
    const audited = await count(t.db, 'audit_log');
    for (const token of [f.tokens.wang, f.tokens.zhang, f.tokens.salesManager, f.tokens.system]) {
      assert.equal((await request(f.app).get('/api/v1/devices').set(...bearer(token)).expect(403)).body.error.code, 'FORBIDDEN');
    }
    for (const token of [f.tokens.wang, f.tokens.zhang, f.tokens.hr]) {
      await post('/devices/ROLE1/approve', undefined, 403, token);
      await post('/devices/ROLE1/reject', undefined, 403, token);
      await post('/devices', { serial: 'ROLE2' }, 403, token);
      await post('/devices/ROLE1/pins/1', { employeeId: emp('wang') }, 403, token);
    }
    assert.equal((await device('ROLE1'))?.state, 'quarantined', 'nothing changed');
    assert.equal(await count(t.db, 'audit_log'), audited);
    assert.ok((await list(f.tokens.admin)).some((d) => d.serial === 'ROLE1'));
  });

  it('lists a quarantined device with its backlog; approval releases it and its punches flow', async () => {
    await touchDevice(t.db, 'QX1', '10.0.0.9', NOW);
    await storeAttlog(t.db, 'QX1', [record('A003', '2026-03-09 09:01:00'), record('77', '2026-03-09 09:02:00')], 1, NOW);
    const held = await device('QX1');
    assert.deepEqual(
      { state: held?.state, backlog: held?.backlog, lastContactAt: held?.lastContactAt, silent: held?.silent },
      { state: 'quarantined', backlog: 2, lastContactAt: new Date(NOW).toISOString(), silent: false },
    );
    assert.deepEqual(await drainDevices(t.db, f.clock), { done: 0, failed: 0, parked: 0 }, 'quarantined uploads do not flow');

    const approved = await post('/devices/QX1/approve', undefined, 200);
    assert.equal(approved.released, 2);
    assert.equal(approved.device.state, 'approved');
    assert.equal(approved.device.timezone, 'Asia/Shanghai', 'the deployment default, fixed at approval');
    assert.equal((await drainDevices(t.db, f.clock)).done, 2);
    assert.equal(await count(t.db, 'punches'), 7 + 1, 'Wang’s punch (PIN = job number A003) is in the ledger');
    const after = await device('QX1');
    assert.equal(after?.backlog, 0);
    assert.deepEqual(after?.unmappedPins, [{ pin: '77', name: null }], 'the unknown PIN is shown for mapping');
    assert.deepEqual((await audit('device', 'QX1')).map((a) => [a.action, a.actor, a.before?.state, a.after?.state]), [['approve', 'admin', 'quarantined', 'approved']]);
  });

  it('maps an unknown PIN to an employee and re-resolves its records, audited', async () => {
    const mapped = await post('/devices/QX1/pins/77', { employeeId: emp('li') }, 200);
    assert.deepEqual(mapped, { serial: 'QX1', pin: '77', employeeId: emp('li'), requeued: 1 });
    assert.equal((await drainDevices(t.db, f.clock)).done, 1);
    assert.equal(await count(t.db, 'punches'), 7 + 2, 'Li’s punch flows once the PIN is mapped');
    const entries = await audit('device_pin', 'QX1:77');
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.action, 'map_pin');
    assert.equal(entries[0]?.after?.employee_id, emp('li'));
    assert.equal((await post('/devices/QX1/pins/78', { employeeId: 'nobody' }, 404)).error.code, 'NOT_FOUND');
  });

  it('rejects a device: its uploads stay stored and never flow', async () => {
    await touchDevice(t.db, 'RJ1', '10.0.0.66', NOW);
    await storeAttlog(t.db, 'RJ1', [record('A001', '2026-03-09 09:05:00')], 1, NOW);
    assert.equal((await device('RJ1'))?.backlog, 1);
    const rejected = await post('/devices/RJ1/reject', undefined, 200);
    assert.equal(rejected.device.state, 'rejected');
    assert.equal(rejected.device.backlog, 0);
    assert.equal(rejected.device.silent, false);
    assert.equal(await count(t.db, 'callback_inbox'), 3, 'the upload is kept');
    assert.equal((await drainDevices(t.db, f.clock)).done, 0);
    assert.deepEqual((await audit('device', 'RJ1')).map((a) => [a.action, a.before?.state, a.after?.state]), [['reject', 'quarantined', 'rejected']]);
  });

  it('registers a device like `device add`, audited', async () => {
    const added = await post('/devices', { serial: 'G1', timezone: 'Europe/Berlin', tenant: 'acme', name: 'Gate', site: 'hq', networks: '10.0.0.0/8', expectedIntervalS: 900 }, 201);
    assert.equal(added.released, 0);
    assert.deepEqual([added.device.state, added.device.tenantId, added.device.timezone, added.device.lastContactAt], ['approved', 'acme', 'Europe/Berlin', null]);
    assert.deepEqual((await audit('device', 'G1')).map((a) => [a.action, a.before, a.after?.state]), [['register', null, 'approved']]);
    const plain = await post('/devices', { serial: 'G2' }, 201);
    assert.equal(plain.device.timezone, 'Asia/Shanghai');
  });

  it('answers bad input with 400 and unknown serials with 404, changing nothing', async () => {
    const before = await count(t.db, 'audit_log');
    const invalid = async (path: string, body: unknown) => assert.equal((await post(path, body, 400)).error.code, 'VALIDATION_FAILED', `${path} ${JSON.stringify(body)}`);
    await invalid('/devices', { serial: 'bad serial' });
    await invalid('/devices', { serial: 'G3', timezone: 'Mars/Base' });
    await invalid('/devices', { serial: 'G3', tenant: 'nope' });
    await invalid('/devices', { serial: 'G3', networks: '10.0.0.0/40' });
    await invalid('/devices', { serial: 'G3', clockOffsetS: 1.5 });
    await invalid('/devices', { serial: 'G3', extra: true });
    await invalid('/devices/QX1/pins/5%205', { employeeId: emp('wang') });
    await invalid('/devices/QX1/pins/55', {});
    await invalid('/devices/bad%20serial/approve', undefined);
    assert.match((await post('/devices', { serial: 'G3', tenant: 'nope' }, 400)).error.message, /unknown tenant "nope"/);
    assert.equal((await post('/devices/NOPE/approve', undefined, 404)).error.code, 'NOT_FOUND');
    assert.equal((await post('/devices/NOPE/reject', undefined, 404)).error.code, 'NOT_FOUND');
    assert.equal(await count(t.db, 'audit_log'), before);
    assert.equal(await count(t.db, 'devices'), 5);
  });
});
