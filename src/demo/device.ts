import { runDeviceSimulator } from '../../adapters/zkteco/simulator.js';
import { drainInbox } from '../callbacks/drain.js';
import { enqueueDeviceWriteBacks } from '../devices/writeback.js';
import { addDevice } from '../devices/registry.js';
import { unmappedPins } from '../devices/pins.js';
import type { Runtime } from '../main.js';

export const DEMO_DEVICE = 'DEMO-LOBBY-01';
/** A PIN nobody in the company has: its punches wait, listed for mapping. */
const UNKNOWN_PIN = '99999';

export interface DeviceRun {
  serial: string;
  generated: number;
  uploaded: number;
  punches: number;
  unknownPins: string[];
  writeBacksQueued: number;
}

/**
 * An attendance terminal in the lobby of the WeCom half: a day of punches from a dozen of its
 * people and one unknown PIN, pushed over the iclock protocol to the running web role; its
 * punches are written back to WeCom through the outbox.
 */
export async function runDemoDevice(rt: Runtime, serverUrl: string, tenantId: string, seed: number): Promise<DeviceRun> {
  await addDevice(rt.db, DEMO_DEVICE, { timezone: rt.config.timezone, tenantId, name: 'Lobby terminal' }, rt.clock.now());
  const pins = ((await rt.db('employees as e')
    .join('employee_identities as i', 'i.employee_id', 'e.id')
    .where('i.tenant_id', tenantId)
    .whereNotNull('e.job_number')
    .orderBy('e.job_number')
    .limit(12)
    .pluck('e.job_number')) as string[]).concat(UNKNOWN_PIN);
  const sim = await runDeviceSimulator({ server: serverUrl, sn: DEMO_DEVICE, pins, days: 1, seed, timezone: rt.config.timezone, pollDelayMs: 20, idlePolls: 1 });
  for (;;) {
    const r = await drainInbox(rt.db, { clock: rt.clock, logger: rt.logger, connector: rt.resolver, batchSize: 500 });
    if (r.done + r.failed + r.parked === 0) break;
  }
  const queued = await enqueueDeviceWriteBacks(rt.db, rt.clock);
  const punches = Number((await rt.db('punches').where('device_sn', DEMO_DEVICE).count({ n: '*' }))[0]?.n ?? 0);
  return {
    serial: DEMO_DEVICE,
    generated: sim.generated.length,
    uploaded: sim.uploaded,
    punches,
    unknownPins: (await unmappedPins(rt.db, DEMO_DEVICE)).map((p) => p.pin),
    writeBacksQueued: queued.enqueued,
  };
}
