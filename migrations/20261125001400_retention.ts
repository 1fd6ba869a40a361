import type { Knex } from 'knex';

/**
 * Archived months: which months' day results and punches left the hot tables, where their
 * compressed JSON-lines file is, and what it holds. A row in `deleting` means the file is
 * complete and the hot rows are being removed: a rerun finishes from the file, never re-exports.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('archive_months', (t) => {
    t.string('month', 7).primary();
    t.string('state', 16).notNullable();
    t.string('file', 500).notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('day_results').notNullable();
    t.integer('punches').notNullable();
    t.bigInteger('archived_at').notNullable();
    t.bigInteger('restored_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('archive_months');
}
