import type { Knex } from 'knex';

/** Direct check-in: sites, devices, QR events and their check-ins, anomaly flags. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sites', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('timezone', 64).notNullable();
    t.text('fences').notNullable();
    t.text('wifi');
    t.text('beacons');
    t.text('nfc');
    t.integer('max_accuracy_m').notNullable().defaultTo(200);
    t.bigInteger('created_at').notNullable();
  });
  await knex.schema.createTable('devices', (t) => {
    t.string('serial', 64).primary();
    t.string('name', 200);
    t.string('site_id', 64);
    t.string('state', 16).notNullable().defaultTo('quarantined');
    t.text('options');
    t.bigInteger('first_seen_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
  });
  await knex.schema.createTable('events', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('site_id', 64);
    t.bigInteger('starts_at').notNullable();
    t.bigInteger('ends_at').notNullable();
    t.string('secret', 128).notNullable();
    t.text('options');
    t.bigInteger('created_at').notNullable();
  });
  await knex.schema.createTable('event_checkins', (t) => {
    t.string('event_id', 64).notNullable();
    t.string('attendee_id', 128).notNullable();
    t.bigInteger('at').notNullable();
    t.string('method', 16).notNullable();
    t.bigInteger('punch_id');
    t.primary(['event_id', 'attendee_id']);
  });
  await knex.schema.createTable('anomalies', (t) => {
    t.bigIncrements('id');
    t.string('subject_kind', 16).notNullable();
    t.string('subject_id', 191).notNullable();
    t.string('code', 64).notNullable();
    t.text('evidence');
    t.string('state', 16).notNullable().defaultTo('open');
    t.string('reviewed_by', 128);
    t.bigInteger('reviewed_at');
    t.bigInteger('created_at').notNullable();
    t.unique(['subject_kind', 'subject_id', 'code']);
    t.index(['state']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['anomalies', 'event_checkins', 'events', 'devices', 'sites']) await knex.schema.dropTableIfExists(table);
}
