import assert from 'node:assert/strict';
import { migrateLatest, migrateRollback, migrateStatus } from '../../src/ledger/migrate.js';
import { migrations } from '../../migrations/index.js';
import { describeEachDb } from '../support/db.js';

const LEDGER_TABLES = [
  'tenants', 'departments', 'employees', 'employee_identities', 'punches', 'requests', 'shifts', 'rule_groups', 'rosters', 'calendar_days',
  'balances', 'day_results', 'periods', 'audit_log', 'sync_checkpoints', 'callback_inbox', 'writeback_outbox', 'leases', 'sites', 'devices',
  'events', 'event_checkins', 'anomalies', 'dirty_days', 'api_tokens', 'vendor_day_results',
];

describeEachDb('migrations', (t) => {
  it('creates every ledger table, rolls all back, and applies again', async () => {
    let status = await migrateStatus(t.db);
    assert.deepEqual(status.pending, []);
    assert.deepEqual(status.applied, migrations.map((m) => m.name));
    for (const table of LEDGER_TABLES) assert.ok(await t.db.schema.hasTable(table), `table ${table} exists`);

    const reverted = await migrateRollback(t.db, true);
    assert.equal(reverted.length, migrations.length);
    for (const table of LEDGER_TABLES) assert.equal(await t.db.schema.hasTable(table), false, `table ${table} dropped`);

    const applied = await migrateLatest(t.db);
    assert.deepEqual(applied, migrations.map((m) => m.name));
    status = await migrateStatus(t.db);
    assert.deepEqual(status.pending, []);
  });

  it('names migrations without a file extension, so source and compiled runs agree', () => {
    for (const m of migrations) assert.match(m.name, /^\d{14}_[a-z0-9_]+$/);
  });
});
