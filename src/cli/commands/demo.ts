import type { Command } from 'commander';
import { createRuntime } from '../../main.js';
import { migrateLatest, migrateStatus } from '../../ledger/migrate.js';
import { DEFAULT_SQLITE_PATH } from '../../ledger/db.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the main job on the embedded default (SQLite under ./data, built-in sandbox tenants)')
    .action(async () => {
      const rt = createRuntime();
      try {
        const applied = await migrateLatest(rt.db);
        const status = await migrateStatus(rt.db);
        const where = rt.config.databaseUrl ?? DEFAULT_SQLITE_PATH;
        process.stdout.write(
          `ledger ready at ${where}: ${applied.length} migration(s) applied now, ${status.applied.length} in total, ${status.pending.length} pending\n`,
        );
      } finally {
        await rt.close();
      }
    });
}
