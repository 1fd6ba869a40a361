import type { Knex } from 'knex';
import { migrations } from '../../migrations/index.js';
import type { Db } from './db.js';

const source: Knex.MigrationSource<{ name: string; migration: Knex.Migration }> = {
  getMigrations: () => Promise.resolve(migrations),
  getMigrationName: (m) => m.name,
  getMigration: (m) => Promise.resolve(m.migration),
};

const config: Knex.MigratorConfig = { migrationSource: source };

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(config)) as [number, string[]];
  return applied;
}

export async function migrateRollback(db: Db, all = false): Promise<string[]> {
  const [, reverted] = (await db.migrate.rollback(config, all)) as [number, string[]];
  return reverted;
}

export async function migrateStatus(db: Db): Promise<{ applied: string[]; pending: string[] }> {
  const [done, pending] = (await db.migrate.list(config)) as [{ name: string }[], { name: string }[] | string[]];
  return {
    applied: done.map((d) => d.name),
    pending: pending.map((p) => (typeof p === 'string' ? p : (p as { name: string }).name)),
  };
}
