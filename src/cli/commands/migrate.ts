import type { Command } from 'commander';
import { createRuntime } from '../../main.js';
import { migrateLatest, migrateRollback, migrateStatus } from '../../ledger/migrate.js';

export function registerMigrateCommands(program: Command): void {
  const migrate = program.command('migrate').description('apply, roll back or list ledger migrations');
  migrate
    .command('latest', { isDefault: true })
    .description('apply every pending migration')
    .action(async () => {
      const rt = createRuntime();
      try {
        const applied = await migrateLatest(rt.db);
        process.stdout.write(applied.length ? `applied ${applied.length}: ${applied.join(', ')}\n` : 'already up to date\n');
      } finally {
        await rt.close();
      }
    });
  migrate
    .command('rollback')
    .description('revert the last batch (or every migration with --all)')
    .option('--all', 'revert every migration')
    .action(async (opts: { all?: boolean }) => {
      const rt = createRuntime();
      try {
        const reverted = await migrateRollback(rt.db, opts.all === true);
        process.stdout.write(reverted.length ? `reverted ${reverted.length}: ${reverted.join(', ')}\n` : 'nothing to roll back\n');
      } finally {
        await rt.close();
      }
    });
  migrate
    .command('status')
    .description('list applied and pending migrations')
    .action(async () => {
      const rt = createRuntime();
      try {
        const s = await migrateStatus(rt.db);
        for (const name of s.applied) process.stdout.write(`applied  ${name}\n`);
        for (const name of s.pending) process.stdout.write(`pending  ${name}\n`);
      } finally {
        await rt.close();
      }
    });
}
