import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ManualClock } from '../../src/clock.js';
import { registerArchiveCommands, type ArchiveLedger } from '../../src/cli/commands/archive.js';
import { storeEvents } from '../../src/callbacks/inbox.js';
import { CliError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { reminderJobs } from '../../src/reminders/index.js';
import { retentionJobs } from '../../src/retention/index.js';
import { Leases } from '../../src/scheduler/leases.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { loadConfig } from '../../config/load.js';
import { describeEachDb } from '../support/db.js';

const now = Date.parse('2026-06-01T00:00:00Z');

describeEachDb('archive CLI and retention jobs', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ab-archive-cli-'));
  const settings = loadConfig({ RAW_RETENTION_DAYS: '10', ARCHIVE_DIR: dir }).retention;
  const ledger = async (): Promise<ArchiveLedger> => ({ db: t.db, now, timezone: 'Asia/Shanghai', settings, close: async () => {} });

  async function run(...args: string[]): Promise<string> {
    const program = new Command().exitOverride();
    registerArchiveCommands(program, ledger);
    const chunks: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => chunks.push(s) > 0) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'cli', ...args]);
    } finally {
      process.stdout.write = write;
    }
    return chunks.join('');
  }

  before(async () => {
    await storeEvents(t.db, 'wecom', 'acme', [{ eventKey: 'k1', eventType: 'x', payload: { a: 1 } }], now - 20 * 86_400_000);
    await t.db('callback_inbox').update({ state: 'done', done_at: now - 11 * 86_400_000 });
  });

  it('purge-raw --dry-run reports and keeps the payload; without it the payload goes', async () => {
    assert.equal(JSON.parse(await run('archive', 'purge-raw', '--dry-run', '--json')).vendor, 1);
    assert.equal((await t.db('callback_inbox').first('payload')).payload, '{"a":1}');
    assert.match(await run('archive', 'purge-raw'), /emptied 1 vendor payload/);
    assert.equal((await t.db('callback_inbox').first('payload')).payload, '{}');
  });

  it('run --dry-run on a young ledger has nothing to do; restore of an unknown month is a usage error', async () => {
    assert.match(await run('archive', 'run', '--dry-run'), /nothing to archive before 2024-06/);
    await assert.rejects(run('archive', 'restore', '2024-13'), (err: unknown) => err instanceof CliError && err.exitCode === 2);
    await assert.rejects(run('archive', 'restore', '2024-01'), (err: unknown) => err instanceof CliError && /not archived/.test(err.message));
  });

  it('the job lists schedule and run under the scheduler', async () => {
    const clock = new ManualClock(now);
    const jobs = [
      ...retentionJobs({ db: t.db, clock, timezone: 'Asia/Shanghai', settings }),
      ...reminderJobs({ db: t.db, clock, timezone: 'Asia/Shanghai', policy: loadConfig({}).policy, settings: loadConfig({}).reminders }),
    ];
    assert.deepEqual(jobs.map((j) => j.name), ['retention:purge-raw', 'retention:archive', 'reminders', 'reminders:checkin']);
    // The scheduler refuses invalid cron expressions at construction.
    assert.doesNotThrow(() => new Scheduler(new Leases(t.db, clock, 'test'), createLogger('silent'), jobs));
    const signal = { lost: () => false };
    const [purge, archive, reminders] = await Promise.all(jobs.map((j) => j.run(signal)));
    assert.deepEqual(purge, { dryRun: false, vendor: 0, device: 0, keptUnapplied: 0 });
    assert.equal((archive as { cutoff: string }).cutoff, '2024-06');
    assert.deepEqual(reminders, { due: {}, enqueued: 0, unreachable: 0 });
  });

  it('settings come from the documented variables and are validated', () => {
    assert.deepEqual(loadConfig({}).retention, { rawRetentionDays: 30, archiveAfterMonths: 24, archiveDir: './data/archive' });
    assert.throws(() => loadConfig({ ARCHIVE_AFTER_MONTHS: '0' }), /ARCHIVE_AFTER_MONTHS/);
    assert.deepEqual(loadConfig({ REMINDER_HR_EMPLOYEES: 'e1, e2' }).reminders.hrEmployeeIds, ['e1', 'e2']);
  });
});
