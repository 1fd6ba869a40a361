import type { Knex } from 'knex';
import * as org from './20261125000000_org.js';
import * as time from './20261125000100_time.js';
import * as results from './20261125000200_results.js';
import * as pipeline from './20261125000300_pipeline.js';
import * as checkin from './20261125000400_checkin.js';
import * as devices from './20261125001100_devices.js';
import * as checkin2 from './20261125001200_checkin2.js';

/**
 * Every migration in order, named without a file extension so that a source run (tsx) and a
 * compiled run (dist) record the same names in knex_migrations.
 */
export const migrations: { name: string; migration: Knex.Migration }[] = [
  { name: '20261125000000_org', migration: org },
  { name: '20261125000100_time', migration: time },
  { name: '20261125000200_results', migration: results },
  { name: '20261125000300_pipeline', migration: pipeline },
  { name: '20261125000400_checkin', migration: checkin },
  { name: '20261125001100_devices', migration: devices },
  { name: '20261125001200_checkin2', migration: checkin2 },
  { name: '20261125001300_periods', migration: await import('./20261125001300_periods.js') },
  { name: '20261125001400_retention', migration: await import('./20261125001400_retention.js') },
  { name: '20261125001500_request_links', migration: await import('./20261125001500_request_links.js') },
];
