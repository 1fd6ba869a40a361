import type { Knex } from 'knex';

/** The moving parts: checkpoints, inbox, outbox, leases. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sync_checkpoints', (t) => {
    t.string('tenant_id', 64).notNullable();
    t.string('stream', 64).notNullable();
    t.text('cursor').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['tenant_id', 'stream']);
  });
  await knex.schema.createTable('callback_inbox', (t) => {
    t.bigIncrements('id');
    t.string('vendor', 32).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('event_key', 191).notNullable();
    t.string('event_type', 64).notNullable();
    t.text('payload', 'mediumtext').notNullable();
    t.string('state', 16).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.string('last_error', 1000);
    t.bigInteger('received_at').notNullable();
    t.bigInteger('done_at');
    t.unique(['vendor', 'tenant_id', 'event_key']);
    t.index(['state', 'next_attempt_at']);
  });
  await knex.schema.createTable('writeback_outbox', (t) => {
    t.bigIncrements('id');
    t.string('idempotency_key', 191).notNullable().unique();
    t.string('tenant_id', 64).notNullable();
    t.string('kind', 64).notNullable();
    t.text('payload', 'mediumtext').notNullable();
    t.string('state', 16).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.string('claimed_by', 128);
    t.bigInteger('claimed_until');
    t.string('vendor_code', 64);
    t.string('last_error', 1000);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('done_at');
    t.index(['state', 'next_attempt_at']);
  });
  await knex.schema.createTable('leases', (t) => {
    t.string('name', 191).primary();
    t.string('holder', 128).notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('acquired_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['leases', 'writeback_outbox', 'callback_inbox', 'sync_checkpoints']) await knex.schema.dropTableIfExists(table);
}
