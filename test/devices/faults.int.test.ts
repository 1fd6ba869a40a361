import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWecomSandbox, type WecomSandbox } from '../../adapters/wecom/sandbox/index.js';
import { generateLog } from '../../adapters/zkteco/firmware.js';
import { recordKey, wallToInstant } from '../../adapters/zkteco/map.js';
import { runDeviceSimulator, type DeviceSimulatorResult } from '../../adapters/zkteco/simulator.js';
import { loadConfig } from '../../config/load.js';
import { drainInbox } from '../../src/callbacks/drain.js';
import { systemClock } from '../../src/clock.js';
import { freePort } from '../../src/demo/sandboxes.js';
import { mapPin } from '../../src/devices/pins.js';
import { addDevice } from '../../src/devices/registry.js';
import { enqueueDeviceWriteBacks } from '../../src/devices/writeback.js';
import { createLogger } from '../../src/log.js';
import { createRuntime, prepareDatabase, type Runtime } from '../../src/main.js';
import { Rng } from '../../src/sandbox/rng.js';
import { runStream } from '../../src/sync/runner.js';
import type { TenantConnector } from '../../src/vendor/contract.js';
import { flushOutbox } from '../../src/writeback/outbox.js';
import { ZONE, count } from './helpers.js';
import { WebProcess } from './webProcess.js';

const SERIAL = 'FAULT-01';
const PINS = ['2001', '2002', '2003', '2004', '2005'];
const DAYS = 4;
const SEED = Number(process.env.DEVICE_FAULTS_SEED ?? 20_261_125);
/** The WeCom tenant the single-tenant variables configure (config/load.ts). */
const TENANT = 'default';

/**
 * The simulator pushes a terminal's backlog and its realtime punches to a real web process,
 * which the test SIGKILLs twice at random moments (seeded by DEVICE_FAULTS_SEED) and starts again
 * on the same port. Then the inbox is drained, write-backs go to the WeCom sandbox, and WeCom's
 * punches are pulled again: every generated record is a punch once, WeCom received each once,
 * and the re-pull adds nothing.
 */
describe('devices: the simulator against a web process killed twice', function () {
  this.timeout(60_000);
  const rng = new Rng(SEED);
  // The web process stamps the inbox with its own clock: the drain here must run on the same time.
  const clock = systemClock;
  let wecom: WecomSandbox;
  let rt: Runtime;
  let web: WebProcess;
  let run: DeviceSimulatorResult;
  const kills: { inboxAtKill: number; simulatorRunning: boolean }[] = [];
  const employeeOf = new Map<string, { employeeId: string; userid: string }>();

  async function inbox(): Promise<number> {
    return count(rt.db, 'callback_inbox', { vendor: 'zkteco' });
  }

  /** Waits until the inbox holds `records`, then kills the web process a few ms later and starts it again. */
  async function killAt(records: number, running: () => boolean): Promise<void> {
    while (running() && (await inbox()) < records) await sleep(5);
    await sleep(rng.int(0, 15));
    kills.push({ inboxAtKill: await inbox(), simulatorRunning: running() });
    await web.kill('SIGKILL');
    // Down for a moment: the device's requests are refused and it keeps retrying.
    await sleep(rng.int(50, 400));
    await web.start();
  }

  before(async function () {
    wecom = await startWecomSandbox({ port: 0, employees: PINS.length, days: DAYS + 3, seed: SEED % 1000 });
    const env = { DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'ab-device-faults-')), 'ledger.sqlite')}`, TZ_DEFAULT: ZONE, LOG_LEVEL: 'silent', ...wecom.env };
    rt = createRuntime(loadConfig(env), { clock, logger: createLogger('silent') });
    await prepareDatabase(rt);
    const wc = rt.connectors.get(TENANT) as TenantConnector;
    // The tenant as a running deployment has it: people and their WeCom punches already pulled.
    for (const name of ['departments', 'users', 'punches']) await runStream(rt.db, wc, wc.streams().find((s) => s.name === name) as never, { clock, backfillDays: 31, range: { from: wecom.company.from, to: wecom.company.to } });
    await addDevice(rt.db, SERIAL, { timezone: ZONE, tenantId: TENANT, name: 'Factory gate' }, clock.now());
    for (const [i, pin] of PINS.entries()) {
      const userid = wecom.company.employees[i]?.key ?? '';
      const row = (await rt.db('employee_identities').where({ tenant_id: TENANT, external_user_id: userid }).first('employee_id')) as { employee_id: string };
      await mapPin(rt.db, SERIAL, pin, row.employee_id, clock.now());
      employeeOf.set(pin, { employeeId: row.employee_id, userid });
    }

    web = new WebProcess(await freePort(), env);
    await web.start();
    const expected = generateLog({ pins: PINS, days: DAYS, seed: SEED, timezone: ZONE, now: clock.now() }).length;
    let running = true;
    const sim = runDeviceSimulator({ server: web.url, sn: SERIAL, pins: PINS, days: DAYS, seed: SEED, clock, batchSize: 3, realtime: true, errorDelayMs: 30, pollDelayMs: 5, requestTimeoutMs: 5000 }).finally(() => {
      running = false;
    });
    const first = rng.int(Math.floor(expected * 0.15), Math.floor(expected * 0.35));
    await killAt(first, () => running);
    await killAt(rng.int(first + 3, Math.floor(expected * 0.7)), () => running);
    run = await sim;
    await web.kill('SIGTERM');

    for (;;) {
      const r = await drainInbox(rt.db, { clock, logger: rt.logger, connector: rt.resolver, batchSize: 500 });
      if (r.done + r.failed + r.parked === 0) break;
    }
    await enqueueDeviceWriteBacks(rt.db, clock);
    for (;;) {
      const r = await flushOutbox(rt.db, { clock, logger: rt.logger, worker: 'faults-test', connector: (t) => rt.connectors.get(t) });
      if (r.done + r.retrying + r.parked === 0) break;
    }
  });
  after(async () => {
    await web?.kill();
    await rt?.close();
    await wecom?.close();
  });

  it('killed the web process twice while the simulator was pushing, and the device resent', () => {
    assert.equal(kills.length, 2);
    assert.ok(kills.every((k) => k.simulatorRunning), JSON.stringify(kills));
    assert.ok(run.resends >= 2, `resends: ${run.resends}`);
  });

  it('has every generated record in the ledger exactly once', async () => {
    const keys = run.generated.map((r) => recordKey(SERIAL, r.pin, r.time));
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(await count(rt.db, 'callback_inbox', { vendor: 'zkteco', state: 'done' }), keys.length);
    const punches = ((await rt.db('punches').where('device_sn', SERIAL).pluck('source_record_key')) as string[]).sort();
    assert.deepEqual(punches, [...keys].sort());
  });

  it('wrote each device punch to WeCom exactly once', async () => {
    const states = (await rt.db('writeback_outbox').select('state').count({ n: '*' }).groupBy('state')) as { state: string; n: number | string }[];
    assert.deepEqual(states.map((x) => [x.state, Number(x.n)]), [['done', run.generated.length]]);
    assert.equal(wecom.state.writes.add_checkin_record, run.generated.length);
    const doubles = run.generated.filter((r) => {
      const who = employeeOf.get(r.pin);
      return wecom.state.punchesOf(who?.userid ?? '').filter((p) => p.at === wallToInstant(r.time, ZONE, 0)).length !== 1;
    });
    assert.deepEqual(doubles, []);
  });

  it('adds no punch when WeCom’s punches are pulled again', async () => {
    const keys = async () => ((await rt.db('punches').orderBy('id').pluck('source_record_key')) as string[]).join('\n');
    const before = await keys();
    const wc = rt.connectors.get(TENANT) as TenantConnector;
    const r = await runStream(rt.db, wc, wc.streams().find((s) => s.name === 'punches') as never, { clock, backfillDays: 31, range: { from: wecom.company.from, to: wecom.company.to } });
    assert.ok(r.records > 0, 'the pull saw punches');
    // WeCom may judge its own punches anew (an earlier device punch moves 时间异常): rows may change, none may appear.
    assert.equal(await keys(), before);
    for (const g of run.generated) {
      const who = employeeOf.get(g.pin);
      assert.equal(await count(rt.db, 'punches', { employee_id: who?.employeeId, at: wallToInstant(g.time, ZONE, 0) }), 1, `${g.pin} ${g.time}`);
    }
  });
});
