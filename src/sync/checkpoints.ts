import type { Knex } from 'knex';

export async function loadCheckpoint<C>(db: Knex | Knex.Transaction, tenantId: string, stream: string): Promise<C | null> {
  const row = (await db('sync_checkpoints').where({ tenant_id: tenantId, stream }).first()) as { cursor: string } | undefined;
  return row === undefined ? null : (JSON.parse(row.cursor) as C);
}

export async function saveCheckpoint(trx: Knex | Knex.Transaction, tenantId: string, stream: string, cursor: unknown, now: number): Promise<void> {
  await trx('sync_checkpoints')
    .insert({ tenant_id: tenantId, stream, cursor: JSON.stringify(cursor), updated_at: now })
    .onConflict(['tenant_id', 'stream'])
    .merge(['cursor', 'updated_at']);
}
