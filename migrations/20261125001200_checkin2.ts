import type { Knex } from 'knex';

/**
 * Direct check-in, second part: site rule groups and out-of-range policy, the client-id claims
 * that make check-ins idempotent, every arrival kept as an attempt (evidence for refused ones
 * and for the anomaly detectors), WeChat openid bindings and HR's one-time binding codes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sites', (t) => {
    t.string('out_of_range', 16);
    t.text('rule_groups');
  });
  await knex.schema.alterTable('event_checkins', (t) => {
    t.string('client_id', 64);
    t.text('result');
  });
  // Who and when an anomaly is about, so the review list filters and scopes without joining each subject kind.
  await knex.schema.alterTable('anomalies', (t) => {
    t.string('employee_id', 64);
    t.bigInteger('at');
    t.index(['at']);
  });
  await knex.schema.createTable('checkin_clients', (t) => {
    t.string('employee_id', 64).notNullable();
    t.string('client_id', 64).notNullable();
    t.string('status', 16).notNullable();
    t.bigInteger('punch_id');
    t.string('request_id', 64);
    t.text('result');
    t.bigInteger('created_at').notNullable();
    t.primary(['employee_id', 'client_id']);
  });
  await knex.schema.createTable('checkin_attempts', (t) => {
    t.bigIncrements('id');
    t.string('employee_id', 64).notNullable();
    t.string('kind', 16).notNullable();
    t.string('subject', 128);
    t.bigInteger('at').notNullable();
    t.string('outcome', 16).notNullable();
    t.string('code', 32);
    t.string('verdict', 16);
    t.string('site_id', 64);
    t.double('distance_m');
    /** Within twice the fence's radius (fence_edge_retries counts only these). */
    t.boolean('near_fence').notNullable().defaultTo(false);
    t.string('device_id', 128);
    t.bigInteger('punch_id');
    t.bigInteger('created_at').notNullable();
    t.index(['employee_id', 'at']);
    t.index(['device_id', 'at']);
  });
  await knex.schema.createTable('wechat_bindings', (t) => {
    t.string('openid', 128).primary();
    t.string('employee_id', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['employee_id']);
  });
  await knex.schema.createTable('binding_codes', (t) => {
    t.string('code_hash', 64).primary();
    t.string('employee_id', 64).notNullable();
    t.string('created_by', 128).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['binding_codes', 'wechat_bindings', 'checkin_attempts', 'checkin_clients']) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('anomalies', (t) => {
    t.dropIndex(['at']);
    t.dropColumn('employee_id');
    t.dropColumn('at');
  });
  await knex.schema.alterTable('event_checkins', (t) => {
    t.dropColumn('client_id');
    t.dropColumn('result');
  });
  await knex.schema.alterTable('sites', (t) => {
    t.dropColumn('out_of_range');
    t.dropColumn('rule_groups');
  });
}
