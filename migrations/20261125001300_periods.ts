import type { Knex } from 'knex';

/**
 * Month sign-off by managers: one row per department tree a manager signed for a month. The
 * period is signed off once every department with people in the month is covered by a tree.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('period_signoffs', (t) => {
    t.string('org_id', 64).notNullable();
    t.string('month', 7).notNullable();
    t.string('department_id', 128).notNullable();
    t.string('signed_by', 128).notNullable();
    t.string('comment', 500);
    t.bigInteger('signed_at').notNullable();
    t.primary(['org_id', 'month', 'department_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('period_signoffs');
}
