import knexFactory from 'knex';
import { openDb, type Db } from '../../ledger/db.js';
import { migrateLatest } from '../../ledger/migrate.js';

export interface ScratchDatabase {
  /** `mysql://…/name` for a child process's DATABASE_URL. */
  url: string;
  name: string;
  /** The same database, opened here for checks. */
  db: Db;
  /** The URL with another port: the same database reached through a proxy. */
  viaPort(port: number): string;
  drop(): Promise<void>;
}

/**
 * A new, migrated MariaDB database on the server of `serverUrl`, named after `tag` and this pid so
 * parallel runs never share one. Child processes get its URL; migration happens here first, as
 * the `release` phase does in production.
 */
export async function scratchDatabase(serverUrl: string, tag: string): Promise<ScratchDatabase> {
  const url = new URL(serverUrl);
  const base = url.pathname.slice(1) || 'attendance';
  const name = `${base}_${tag}_${process.pid}`.slice(0, 64);
  const admin = knexFactory({ client: 'mysql2', connection: { host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.destroy();
  }
  url.pathname = `/${name}`;
  const db = openDb(url.toString());
  await migrateLatest(db);
  return {
    url: url.toString(),
    name,
    db,
    viaPort(port) {
      const u = new URL(url.toString());
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async drop() {
      try {
        await db.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await db.destroy();
      }
    },
  };
}

/** Host and port of the server, for a proxy in front of it. */
export function serverAddress(serverUrl: string): { host: string; port: number } {
  const url = new URL(serverUrl);
  return { host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname, port: Number(url.port || 3306) };
}
