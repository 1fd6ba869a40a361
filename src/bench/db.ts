import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { openDb, type Db } from '../ledger/db.js';
import { migrateLatest } from '../ledger/migrate.js';

/** A fresh, migrated ledger for one benchmark: a temporary SQLite file or a new MariaDB database. */
export async function freshDb(kind: 'sqlite' | 'mysql', mysqlUrl: string, tag: string): Promise<{ db: Db; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const db = openDb(`sqlite:${join(mkdtempSync(join(tmpdir(), 'ab-bench-')), 'ledger.sqlite')}`);
    await migrateLatest(db);
    return { db, drop: () => db.destroy() };
  }
  const url = new URL(mysqlUrl);
  const name = `${url.pathname.slice(1)}_${tag}_${process.pid}`;
  const admin = knexFactory({ client: 'mysql2', connection: { host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } });
  await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.destroy();
  url.pathname = `/${name}`;
  const db = openDb(url.toString());
  await migrateLatest(db);
  return {
    db,
    drop: async () => {
      await db.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await db.destroy();
    },
  };
}
