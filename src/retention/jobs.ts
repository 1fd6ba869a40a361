import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { JobDef } from '../scheduler/scheduler.js';
import { archiveDue } from './archive.js';
import { purgeRawPayloads } from './purgeRaw.js';
import type { RetentionSettings } from './settings.js';

export interface RetentionJobDeps {
  db: Db;
  clock: Clock;
  /** TZ_DEFAULT: the jobs' schedule zone and which month "now" is in. */
  timezone: string;
  settings: RetentionSettings;
}

/**
 * The nightly retention jobs, after the sweep and look-back (00:40, 02:30). Both are cheap when
 * there is nothing to do, so they run daily and catch up after a missed night by themselves.
 */
export function retentionJobs(d: RetentionJobDeps): JobDef[] {
  return [
    {
      name: 'retention:purge-raw',
      cron: '15 3 * * *',
      timezone: d.timezone,
      run: () => purgeRawPayloads(d.db, { now: d.clock.now(), retentionDays: d.settings.rawRetentionDays }),
    },
    {
      name: 'retention:archive',
      cron: '45 3 * * *',
      timezone: d.timezone,
      run: () => archiveDue(d.db, { now: d.clock.now(), timezone: d.timezone, afterMonths: d.settings.archiveAfterMonths, dir: d.settings.archiveDir }),
    },
  ];
}
