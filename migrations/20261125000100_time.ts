import type { Knex } from 'knex';

/** What happened and what was planned: punches, requests, shifts, rule groups, rosters, calendar, balances. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('punches', (t) => {
    t.bigIncrements('id');
    t.string('tenant_id', 64).notNullable();
    t.string('source_record_key', 191).notNullable();
    t.string('employee_id', 64).notNullable();
    t.bigInteger('at').notNullable();
    t.string('source', 16).notNullable();
    t.string('method', 16).notNullable();
    t.string('location_verdict', 16).notNullable().defaultTo('inside');
    t.double('lat');
    t.double('lng');
    t.string('datum', 8);
    t.double('accuracy_m');
    t.string('wifi_name', 128);
    t.string('wifi_mac', 64);
    t.string('device_sn', 64);
    t.string('site_id', 64);
    t.string('vendor_verdict', 64);
    t.text('raw', 'mediumtext');
    t.bigInteger('received_at').notNullable();
    t.unique(['tenant_id', 'source_record_key']);
    t.index(['employee_id', 'at']);
  });
  await knex.schema.createTable('requests', (t) => {
    t.bigIncrements('id');
    t.string('tenant_id', 64).notNullable();
    t.string('external_id', 128).notNullable();
    t.string('employee_id', 64).notNullable();
    t.string('type', 16).notNullable();
    t.string('subtype', 32);
    t.bigInteger('start_at').notNullable();
    t.bigInteger('end_at').notNullable();
    t.string('unit', 16).notNullable().defaultTo('hour');
    t.integer('duration_minutes');
    t.string('status', 16).notNullable();
    t.string('swap_employee_id', 64);
    t.string('reason', 500);
    t.text('approvers');
    t.text('raw', 'mediumtext');
    t.bigInteger('submitted_at');
    t.bigInteger('decided_at');
    t.bigInteger('received_at').notNullable();
    t.unique(['tenant_id', 'external_id']);
    t.index(['employee_id', 'start_at']);
    t.index(['status']);
  });
  await knex.schema.createTable('shifts', (t) => {
    t.string('id', 128).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('external_id', 128).notNullable();
    t.string('name', 200).notNullable();
    t.text('definition').notNullable();
    t.unique(['tenant_id', 'external_id']);
    t.index(['name']);
  });
  await knex.schema.createTable('rule_groups', (t) => {
    t.string('id', 128).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('external_id', 128).notNullable();
    t.string('name', 200).notNullable();
    t.string('timezone', 64).notNullable();
    t.string('calendar_id', 64).notNullable().defaultTo('CN');
    t.text('pattern').notNullable();
    t.text('policy');
    t.unique(['tenant_id', 'external_id']);
  });
  await knex.schema.createTable('rosters', (t) => {
    t.string('employee_id', 64).notNullable();
    t.string('work_date', 10).notNullable();
    t.string('shift_id', 128);
    t.string('source', 16).notNullable();
    t.string('tenant_id', 64);
    t.primary(['employee_id', 'work_date']);
    t.index(['work_date']);
  });
  await knex.schema.createTable('calendar_days', (t) => {
    t.string('calendar', 64).notNullable();
    t.string('date', 10).notNullable();
    t.string('day_type', 16).notNullable();
    t.string('name', 100);
    t.primary(['calendar', 'date']);
  });
  await knex.schema.createTable('balances', (t) => {
    t.bigIncrements('id');
    t.string('employee_id', 64).notNullable();
    t.string('kind', 32).notNullable();
    t.string('entry_type', 16).notNullable();
    t.integer('minutes').notNullable();
    t.string('effective_on', 10).notNullable();
    t.string('expires_on', 10);
    t.string('source_key', 191).notNullable();
    t.text('allocations');
    t.bigInteger('created_at').notNullable();
    t.unique(['source_key', 'entry_type']);
    t.index(['employee_id', 'kind']);
  });
  await knex.schema.createTable('vendor_day_results', (t) => {
    t.string('tenant_id', 64).notNullable();
    t.string('employee_id', 64).notNullable();
    t.string('work_date', 10).notNullable();
    t.string('status', 32).notNullable();
    t.text('detail');
    t.bigInteger('received_at').notNullable();
    t.primary(['tenant_id', 'employee_id', 'work_date']);
    t.index(['employee_id', 'work_date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['vendor_day_results', 'balances', 'calendar_days', 'rosters', 'rule_groups', 'shifts', 'requests', 'punches']) {
    await knex.schema.dropTableIfExists(table);
  }
}
