import type { Command } from 'commander';
import { CliError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';
import { archiveDue, purgeRawPayloads, restoreMonth, RestoreError, type ArchiveRunResult, type PurgeResult, type RetentionSettings } from '../../retention/index.js';
import { openRuntime } from '../runtime.js';

/** What the archive commands need of the runtime; tests hand in their own ledger. */
export interface ArchiveLedger {
  db: Db;
  now: number;
  timezone: string;
  settings: RetentionSettings;
  close(): Promise<void>;
}

async function openConfigured(): Promise<ArchiveLedger> {
  const rt = await openRuntime();
  return { db: rt.db, now: rt.clock.now(), timezone: rt.config.timezone, settings: rt.config.retention, close: () => rt.close() };
}

async function withLedger<T>(open: () => Promise<ArchiveLedger>, fn: (l: ArchiveLedger) => Promise<T>): Promise<T> {
  const ledger = await open();
  try {
    return await fn(ledger);
  } finally {
    await ledger.close();
  }
}

export function formatPurge(r: PurgeResult, days: number): string {
  const verb = r.dryRun ? 'would empty' : 'emptied';
  return `${verb} ${r.vendor} vendor payload(s) and ${r.device} device body(ies) applied more than ${days} days ago; kept ${r.keptUnapplied} device upload(s) that never became punches`;
}

export function formatArchive(r: ArchiveRunResult): string {
  const lines = r.months.map((m) => `${r.dryRun ? 'would archive' : 'archived'} ${m.month}: ${m.dayResults} day result(s), ${m.punches} punch(es)${m.file ? ` → ${m.file}` : ''}${m.keptChanged > 0 ? `; ${m.keptChanged} row(s) changed meanwhile stay hot` : ''}`);
  if (lines.length === 0) lines.push(`nothing to archive before ${r.cutoff}`);
  if (r.stopped) lines.push(`stopped at ${r.stopped.month}: ${r.stopped.reason}`);
  for (const s of r.strays) lines.push(`note: archived month ${s.month} has ${s.dayResults} hot day result(s) computed after archiving`);
  return lines.join('\n');
}

const print = (text: string) => process.stdout.write(`${text}\n`);

/** `archive run|purge-raw|restore`: the retention jobs by hand, with dry runs. */
export function registerArchiveCommands(program: Command, open: () => Promise<ArchiveLedger> = openConfigured): void {
  const archive = program.command('archive').description('retention: purge raw payloads, archive old months to compressed files, restore them');
  archive
    .command('run')
    .description('archive day results and punches of months older than ARCHIVE_AFTER_MONTHS to ARCHIVE_DIR')
    .option('--dry-run', 'show what would be archived, change nothing')
    .option('--include-restored', 'archive again months that were restored')
    .option('--json', 'print the result as JSON')
    .action((flags: { dryRun?: boolean; includeRestored?: boolean; json?: boolean }) =>
      withLedger(open, async (l) => {
        const r = await archiveDue(l.db, { now: l.now, timezone: l.timezone, afterMonths: l.settings.archiveAfterMonths, dir: l.settings.archiveDir, dryRun: flags.dryRun === true, includeRestored: flags.includeRestored === true });
        print(flags.json ? JSON.stringify(r, null, 2) : formatArchive(r));
      }),
    );
  archive
    .command('purge-raw')
    .description('empty raw vendor payloads and device bodies applied more than RAW_RETENTION_DAYS ago (dedupe keys stay)')
    .option('--dry-run', 'count what would be emptied, change nothing')
    .option('--json', 'print the result as JSON')
    .action((flags: { dryRun?: boolean; json?: boolean }) =>
      withLedger(open, async (l) => {
        const r = await purgeRawPayloads(l.db, { now: l.now, retentionDays: l.settings.rawRetentionDays, dryRun: flags.dryRun === true });
        print(flags.json ? JSON.stringify(r, null, 2) : formatPurge(r, l.settings.rawRetentionDays));
      }),
    );
  archive
    .command('restore <month>')
    .description('put an archived month (YYYY-MM) back into the hot tables, rows identical to when they were archived')
    .option('--json', 'print the result as JSON')
    .action((month: string, flags: { json?: boolean }) =>
      withLedger(open, async (l) => {
        const r = await restoreMonth(l.db, month, l.now).catch((err: unknown) => {
          throw err instanceof RestoreError ? new CliError(err.message, 2) : err;
        });
        print(flags.json ? JSON.stringify(r, null, 2) : `restored ${r.month}: ${r.restored.day_results} day result(s), ${r.restored.punches} punch(es) from ${r.file}${r.keptHot > 0 ? `; ${r.keptHot} row(s) kept as they are now (a newer row has the key)` : ''}`);
      }),
    );
}
