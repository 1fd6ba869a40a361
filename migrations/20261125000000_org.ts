import type { Knex } from 'knex';

/** Organisation: tenants, departments, employees and their vendor identities, API tokens. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (t) => {
    t.string('id', 64).primary();
    t.string('vendor', 32).notNullable();
    t.string('corp_id', 128).notNullable();
    t.string('name', 200);
    t.string('timezone', 64).notNullable();
    t.text('settings');
    t.bigInteger('created_at').notNullable();
    t.unique(['vendor', 'corp_id']);
  });
  await knex.schema.createTable('departments', (t) => {
    t.string('id', 128).primary();
    t.string('tenant_id', 64).notNullable();
    t.string('external_id', 128).notNullable();
    t.string('parent_id', 128);
    t.string('name', 200).notNullable();
    t.integer('sort_order').notNullable().defaultTo(0);
    t.unique(['tenant_id', 'external_id']);
    t.index(['parent_id']);
  });
  await knex.schema.createTable('employees', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.string('department_id', 128);
    t.string('job_number', 64);
    t.string('mobile', 32);
    t.string('email', 200);
    t.string('position', 200);
    t.string('status', 16).notNullable().defaultTo('active');
    t.string('rule_group_id', 128);
    t.string('site_id', 64);
    t.string('timezone', 64);
    t.string('hired_on', 10);
    t.string('left_on', 10);
    t.bigInteger('created_at').notNullable();
    t.index(['department_id']);
    t.index(['job_number']);
    t.index(['rule_group_id']);
  });
  await knex.schema.createTable('employee_identities', (t) => {
    t.string('tenant_id', 64).notNullable();
    t.string('external_user_id', 128).notNullable();
    t.string('employee_id', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['tenant_id', 'external_user_id']);
    t.index(['employee_id']);
  });
  await knex.schema.createTable('api_tokens', (t) => {
    t.string('id', 64).primary();
    t.string('token_hash', 128).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('role', 16).notNullable();
    t.string('employee_id', 64);
    t.string('department_id', 128);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at');
    t.bigInteger('revoked_at');
    t.bigInteger('last_used_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['api_tokens', 'employee_identities', 'employees', 'departments', 'tenants']) await knex.schema.dropTableIfExists(table);
}
