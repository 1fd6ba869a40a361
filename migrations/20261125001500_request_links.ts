import type { Knex } from 'knex';

/**
 * Which ledger request a vendor approval stands for, when the vendor's record was created by a
 * write-back (WeCom applyevent returns the sp_no of the form it filed for an API request). The
 * ledger folds pulls and callbacks of (tenant_id, external_id) into `request_id` instead of
 * storing the same approval a second time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('request_links', (t) => {
    t.string('tenant_id', 64).notNullable();
    t.string('external_id', 128).notNullable();
    t.bigInteger('request_id').notNullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['tenant_id', 'external_id']);
    t.index(['request_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('request_links');
}
