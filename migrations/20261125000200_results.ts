import type { Knex } from 'knex';

/** What the rules decided and what people did about it: results, dirty keys, periods, audit. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dirty_days', (t) => {
    t.string('employee_id', 64).notNullable();
    t.string('work_date', 10).notNullable();
    t.bigInteger('marked_at').notNullable();
    t.primary(['employee_id', 'work_date']);
    t.index(['marked_at']);
  });
  await knex.schema.createTable('day_results', (t) => {
    t.string('employee_id', 64).notNullable();
    t.string('work_date', 10).notNullable();
    t.integer('version').notNullable();
    t.string('input_hash', 64).notNullable();
    t.string('rule_version', 32).notNullable();
    t.string('status', 16).notNullable();
    t.string('day_type', 16).notNullable();
    t.integer('expected_minutes').notNullable();
    t.integer('worked_minutes').notNullable();
    t.integer('late_minutes').notNullable();
    t.integer('early_minutes').notNullable();
    t.integer('missing_count').notNullable();
    t.integer('absent_minutes').notNullable();
    t.integer('overtime_minutes').notNullable();
    t.text('result', 'mediumtext').notNullable();
    t.text('punch_ids');
    t.text('request_ids');
    t.bigInteger('computed_at').notNullable();
    t.primary(['employee_id', 'work_date']);
    t.index(['work_date', 'status']);
  });
  await knex.schema.createTable('periods', (t) => {
    t.string('org_id', 64).notNullable();
    t.string('month', 7).notNullable();
    t.string('state', 16).notNullable();
    t.string('locked_by', 128);
    t.bigInteger('locked_at');
    t.bigInteger('updated_at').notNullable();
    t.primary(['org_id', 'month']);
  });
  await knex.schema.createTable('period_confirmations', (t) => {
    t.string('org_id', 64).notNullable();
    t.string('month', 7).notNullable();
    t.string('employee_id', 64).notNullable();
    t.string('state', 16).notNullable();
    t.string('comment', 500);
    t.bigInteger('updated_at').notNullable();
    t.primary(['org_id', 'month', 'employee_id']);
  });
  await knex.schema.createTable('adjustments', (t) => {
    t.bigIncrements('id');
    t.string('employee_id', 64).notNullable();
    t.string('work_date', 10).notNullable();
    t.string('target_month', 7).notNullable();
    t.text('before');
    t.text('after').notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['employee_id', 'work_date', 'target_month']);
  });
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.bigInteger('at').notNullable();
    t.string('actor', 128).notNullable();
    t.string('action', 64).notNullable();
    t.string('entity', 64).notNullable();
    t.string('entity_id', 191).notNullable();
    t.text('before', 'mediumtext');
    t.text('after', 'mediumtext');
    t.string('reason', 1000);
    t.index(['entity', 'entity_id']);
    t.index(['at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['audit_log', 'adjustments', 'period_confirmations', 'periods', 'day_results', 'dirty_days']) await knex.schema.dropTableIfExists(table);
}
