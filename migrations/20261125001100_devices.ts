import type { Knex } from 'knex';

/**
 * Attendance devices (ZKTeco PUSH): what a device is trusted with and where its punches go
 * (timezone, clock offset, vendor tenant, allowed networks), the stamps committed with its
 * uploads, its PIN directory with explicit overrides, and the commands queued for it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('devices', (t) => {
    t.string('tenant_id', 64);
    t.string('timezone', 64);
    t.integer('clock_offset_s').notNullable().defaultTo(0);
    t.text('allowed_networks');
    t.bigInteger('attlog_stamp').notNullable().defaultTo(0);
    t.bigInteger('operlog_stamp').notNullable().defaultTo(0);
    /** Device wall time of the newest committed record (YYYY-MM-DD HH:MM:SS), for gap ranges. */
    t.string('attlog_last_at', 19);
    t.integer('expected_interval_s').notNullable().defaultTo(600);
    t.string('last_ip', 64);
    t.bigInteger('state_changed_at');
  });
  await knex.schema.createTable('device_users', (t) => {
    t.string('serial', 64).notNullable();
    t.string('pin', 32).notNullable();
    t.string('name', 200);
    /** An admin's explicit mapping; null means "by job number". */
    t.string('employee_id', 64);
    /** Last time a record of this PIN could not be mapped; null once it maps. */
    t.bigInteger('unmapped_at');
    t.bigInteger('updated_at').notNullable();
    t.primary(['serial', 'pin']);
    t.index(['unmapped_at']);
  });
  await knex.schema.createTable('device_commands', (t) => {
    t.bigIncrements('id');
    t.string('serial', 64).notNullable();
    t.string('command', 500).notNullable();
    t.string('state', 16).notNullable().defaultTo('queued');
    t.integer('return_code');
    t.string('result', 1000);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('sent_at');
    t.bigInteger('done_at');
    t.index(['serial', 'state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('device_commands');
  await knex.schema.dropTableIfExists('device_users');
  await knex.schema.alterTable('devices', (t) => {
    t.dropColumns('tenant_id', 'timezone', 'clock_offset_s', 'allowed_networks', 'attlog_stamp', 'operlog_stamp', 'attlog_last_at', 'expected_interval_s', 'last_ip', 'state_changed_at');
  });
}
