import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Router, type Response } from 'express';
import { runDeviceSimulator } from '../../adapters/zkteco/simulator.js';
import { recordKey } from '../../adapters/zkteco/map.js';
import { systemClock } from '../../src/clock.js';
import { queueDataQuery } from '../../src/devices/commands.js';
import { addDevice, findDevice } from '../../src/devices/registry.js';
import { iclockRouter } from '../../src/devices/router.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createApp } from '../../src/web/app.js';
import { describeEachDb, type TestDb } from '../support/db.js';
import { ZONE, addEmployee, count, drainDevices } from './helpers.js';

const PINS = ['1001', '1002', '1003', '1004'];

/**
 * Faults on the way to the receiver, by ATTLOG upload number: the inbox table disappears for a
 * few uploads (a database outage: 503s), and one upload is stored but its answer never leaves
 * (the process dies between commit and reply).
 */
function faults(t: TestDb, plan: { outageFrom: number; outageTo: number; lostAnswer: number }) {
  const seen = { uploads: 0, outageAnswers: 0 };
  const router = Router();
  router.post('/cdata', async (req, res, next) => {
    if (req.query.table !== 'ATTLOG') return next();
    seen.uploads += 1;
    if (seen.uploads === plan.outageFrom) await t.db.schema.renameTable('callback_inbox', 'callback_inbox_down');
    if (seen.uploads === plan.outageTo) await t.db.schema.renameTable('callback_inbox_down', 'callback_inbox');
    if (seen.uploads >= plan.outageFrom && seen.uploads < plan.outageTo) res.on('finish', () => void (seen.outageAnswers += res.statusCode === 503 ? 1 : 0));
    if (seen.uploads === plan.lostAnswer) {
      (res as { send: Response['send'] }).send = () => {
        req.socket.destroy();
        return res;
      };
    }
    next();
  });
  return { router, seen };
}

async function listen(t: TestDb, extra: Router): Promise<{ server: Server; url: string }> {
  const logger = createLogger('silent');
  const app = createApp({
    db: t.db,
    logger,
    metrics: createMetrics(),
    routers: [
      { path: '/iclock', router: extra },
      { path: '/iclock', router: iclockRouter({ db: t.db, clock: systemClock, logger, bodyLimit: '1mb', defaultTimezone: ZONE }) },
    ],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describeEachDb('devices: the simulator against the receiver, through an outage', (t) => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('delivers every generated record to the ledger exactly once despite 503s and a lost answer', async function () {
    this.timeout(60_000);
    const now = Date.now();
    for (const [i, pin] of PINS.entries()) await addEmployee(t.db, `e_${i}`, pin, now);
    await addDevice(t.db, 'SIM1', { timezone: ZONE }, now);
    const f = faults(t, { outageFrom: 3, outageTo: 7, lostAnswer: 9 });
    const s = await listen(t, f.router);
    server = s.server;
    const run = await runDeviceSimulator({ server: s.url, sn: 'SIM1', pins: PINS, days: 6, seed: 7, batchSize: 6, realtime: true, errorDelayMs: 5, pollDelayMs: 5 });
    assert.equal(f.seen.outageAnswers, 4, 'uploads 3–6 met the outage');
    assert.ok(run.resends >= 5, `resent after every failed answer (${run.resends})`);
    const keys = new Set(run.generated.map((r) => recordKey('SIM1', r.pin, r.time)));
    assert.equal(keys.size, run.generated.length);
    // The upload whose answer was lost was stored; the next handshake's stamp told the device so.
    assert.ok(run.uploaded < run.generated.length, 'one upload was never confirmed to the device');
    assert.equal(await count(t.db, 'callback_inbox', { vendor: 'zkteco' }), keys.size);
    assert.equal((await findDevice(t.db, 'SIM1'))?.attlogStamp, run.generated.length);
    await drainDevices(t.db, systemClock);
    const punches = ((await t.db('punches').where('device_sn', 'SIM1').select('source_record_key')) as { source_record_key: string }[]).map((p) => p.source_record_key);
    assert.equal(punches.length, keys.size);
    assert.deepEqual(new Set(punches), keys);
    assert.equal(await count(t.db, 'device_users', { serial: 'SIM1' }), PINS.length, 'the user list came with the first session');
  });

  it('executes DATA QUERY ATTLOG by uploading the range again, which adds nothing twice', async function () {
    this.timeout(60_000);
    const s = await listen(t, Router());
    server = s.server;
    const first = (await t.db('callback_inbox').where('event_key', 'like', 'SIM1:%').min({ m: 'event_key' })) as { m: string }[];
    const day = (first[0]?.m ?? '').split(':').slice(2).join(':').slice(0, 10);
    const id = await queueDataQuery(t.db, 'SIM1', { start: `${day} 00:00:00`, end: `${day} 23:59:59` }, Date.now());
    const before = await count(t.db, 'callback_inbox', { vendor: 'zkteco' });
    const run = await runDeviceSimulator({ server: s.url, sn: 'SIM1', pins: PINS, days: 6, seed: 7, batchSize: 6, errorDelayMs: 5, pollDelayMs: 5 });
    const inRange = run.generated.filter((r) => r.time.startsWith(day)).length;
    assert.ok(inRange > 0);
    assert.equal(run.commands, 1);
    assert.equal(run.uploaded, inRange, 'nothing new to push; only the queried range');
    assert.equal(await count(t.db, 'callback_inbox', { vendor: 'zkteco' }), before);
    assert.equal(((await t.db('device_commands').where('id', id).first()) as { state: string }).state, 'done');
  });
});
