import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { openDb, type Db } from '../../src/ledger/db.js';
import { migrateLatest } from '../../src/ledger/migrate.js';

/** The MariaDB server the ledger tests use; CI makes sure it runs. */
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/attendance_test';

let counter = 0;

async function createMysqlDatabase(): Promise<string> {
  const url = new URL(TEST_MYSQL_URL);
  const name = `${url.pathname.slice(1)}_${process.pid}_${++counter}`;
  const admin = knexFactory({ client: 'mysql2', connection: { host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } });
  try {
    await admin.raw(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.destroy();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropMysqlDatabase(db: Db): Promise<void> {
  const name = (db.client.config.connection as { database: string }).database;
  await db.raw(`DROP DATABASE IF EXISTS \`${name}\``);
}

export interface TestDb {
  readonly kind: 'sqlite' | 'mariadb';
  db: Db;
}

/**
 * Runs a suite against a fresh SQLite file and a fresh MariaDB database. Outside CI a missing
 * MariaDB skips its half with a note; with CI=true it fails, because CI must test both.
 */
export function describeEachDb(title: string, body: (t: TestDb) => void, opts: { migrate?: boolean } = {}): void {
  for (const kind of ['sqlite', 'mariadb'] as const) {
    describe(`${title} [${kind}]`, function () {
      const t = { kind } as TestDb;
      before(async function () {
        if (kind === 'sqlite') {
          t.db = openDb(`sqlite:${join(mkdtempSync(join(tmpdir(), 'ab-test-')), 'ledger.sqlite')}`);
        } else {
          try {
            t.db = openDb(await createMysqlDatabase());
          } catch (err) {
            if (process.env.CI === 'true') throw new Error(`MariaDB is required in CI (${TEST_MYSQL_URL}): ${String(err)}`);
            console.warn(`    (MariaDB not reachable at ${TEST_MYSQL_URL}: skipping; CI runs it)`);
            this.skip();
          }
        }
        if (opts.migrate !== false) await migrateLatest(t.db);
      });
      after(async () => {
        if (t.db === undefined) return;
        if (kind === 'mariadb') await dropMysqlDatabase(t.db);
        await t.db.destroy();
      });
      body(t);
    });
  }
}
