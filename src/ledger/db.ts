import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';

export type Db = Knex;
export type Dialect = 'sqlite' | 'mysql';

export const DEFAULT_SQLITE_PATH = './data/attendance.sqlite';

export function dialectOf(db: Db): Dialect {
  return db.client.config.client === 'better-sqlite3' ? 'sqlite' : 'mysql';
}

/** Opens the ledger: `mysql://…` for MySQL/MariaDB, otherwise the embedded SQLite file. */
export function openDb(databaseUrl: string | undefined): Db {
  if (databaseUrl !== undefined && /^(mysql2?|mariadb):/.test(databaseUrl)) {
    const url = new URL(databaseUrl.replace(/^(mysql2|mariadb):/, 'mysql:'));
    return knexFactory({
      client: 'mysql2',
      connection: {
        host: url.hostname,
        port: url.port ? Number(url.port) : 3306,
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: url.pathname.slice(1),
        charset: 'utf8mb4',
        timezone: 'Z',
        // An unreachable server fails fast instead of holding requests for the driver's 10 s.
        connectTimeout: 2000,
        // Instants are BIGINT epoch ms: read them as JS numbers (safe below 2^53).
        supportBigNumbers: true,
        bigNumberStrings: false,
      },
      pool: { min: 0, max: 10 },
      // Waiting for a free connection during an outage is bounded too (knex waits 60 s by default).
      acquireConnectionTimeout: 10_000,
    });
  }
  const file = databaseUrl === undefined ? DEFAULT_SQLITE_PATH : databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        // WAL lets readers run beside the single writer; busy_timeout makes a second process wait, not fail.
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('synchronous = NORMAL');
        done(null, conn);
      },
    },
  });
}

/** Throws database_unavailable when the database does not answer. */
export async function pingDb(db: Db): Promise<void> {
  await db.raw('select 1');
}
