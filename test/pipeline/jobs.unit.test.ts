import assert from 'node:assert/strict';
import { loadConfig } from '../../config/load.js';
import { ConfigError } from '../../config/load.js';
import { ManualClock } from '../../src/clock.js';
import { Connectors } from '../../src/connectors.js';
import { openDb } from '../../src/ledger/db.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { buildJobs } from '../../src/scheduler/jobs.js';
import { adapters } from '../../adapters/index.js';

describe('the worker\'s jobs', () => {
  const db = openDb('sqlite::memory:');
  after(() => db.destroy());
  const jobs = (env: Record<string, string>) => {
    const config = loadConfig(env);
    const services = { clock: new ManualClock(0), logger: createLogger('silent'), metrics: createMetrics() };
    const connectors = new Connectors(config, adapters, services);
    return buildJobs({ db, config, ...services, connectors, resolver: () => undefined, worker: 'w' }).map((j) => j.name);
  };
  const wecom = { WECOM_CORP_ID: 'ww1', WECOM_SECRET: 's' };

  it('pulls every stream of every tenant, looks back nightly, and runs the pipeline jobs', () => {
    const names = jobs(wecom);
    for (const n of ['pull:default:punches', 'pull:default:approvals', 'lookback:default', 'inbox', 'recompute', 'sweep', 'balance-expiry', 'outbox']) assert.ok(names.includes(n), n);
    assert.equal(new Set(names).size, names.length, 'job names are unique (they are lease names)');
    assert.ok(!names.includes('link-identities'), 'one tenant: nothing to link');
    assert.ok(!names.includes('report-delivery'), 'no webhook configured');
  });

  it('links identities with two tenants, recovers missed DingTalk pushes, and delivers the report when a webhook is set', () => {
    const names = jobs({ ...wecom, DINGTALK_CORP_ID: 'd', DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', REPORT_WEBHOOK_URL: 'https://hr.example/reports' });
    for (const n of ['link-identities', 'missed-callbacks:default-dingtalk', 'report-delivery']) assert.ok(names.includes(n), n);
  });

  it('refuses a report webhook without TLS', () => {
    assert.throws(() => loadConfig({ REPORT_WEBHOOK_URL: 'http://hr.example/reports' }), (e: unknown) => e instanceof ConfigError && /REPORT_WEBHOOK_URL: must use https/.test(e.message));
  });
});
