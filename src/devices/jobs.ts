import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import type { JobDef } from '../scheduler/scheduler.js';
import { checkDevices } from './health.js';
import { enqueueDeviceWriteBacks } from './writeback.js';

export interface DeviceJobDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  timezone: string;
}

/**
 * The worker's device jobs (the inbox drain resolves device uploads through the device
 * connector; see `withDeviceConnector`): write-backs of applied device punches, and the health
 * check (silent devices, PINs that became mappable).
 */
export function deviceJobs(d: DeviceJobDeps): JobDef[] {
  return [
    { name: 'devices:writeback', cron: '*/30 * * * * *', timezone: d.timezone, run: () => enqueueDeviceWriteBacks(d.db, d.clock) },
    { name: 'devices:health', cron: '15 * * * * *', timezone: d.timezone, run: () => checkDevices(d.db, d.clock, d.logger) },
  ];
}
