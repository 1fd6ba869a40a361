import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerImportCommands, type ImportLedger } from '../../src/cli/commands/import.js';
import { CliError } from '../../src/errors.js';
import { describeEachDb } from '../support/db.js';
import { clock, counts, csvFile, dir, options, seed, ZONE } from './support.js';

/** Runs `import …` in-process against the test ledger; returns stdout, stderr and the CliError, if any. */
async function cli(db: ImportLedger['db'], args: string[]): Promise<{ out: string; err: string; exit: number }> {
  const program = new Command('attendance-bridge').exitOverride();
  registerImportCommands(program, async () => ({ db, clock, policy: options().policy, timezone: ZONE, close: async () => undefined }));
  const out: string[] = [];
  const err: string[] = [];
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => err.push(s) > 0) as typeof process.stderr.write;
  let exit = 0;
  try {
    await program.parseAsync(['node', 'cli', 'import', ...args]);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    err.push(e.message);
    exit = e.exitCode;
  } finally {
    [process.stdout.write, process.stderr.write] = [stdout, stderr];
  }
  return { out: out.join(''), err: err.join('\n'), exit };
}

describeEachDb('import CLI', (t) => {
  before(() => seed(t.db));

  it('--json prints the machine-readable report and a bad file exits 2', async () => {
    const file = csvFile([['employee', 'time'], ['A001', '2026-03-02 9:00'], ['A001', 'yesterday']]);
    const r = await cli(t.db, ['punches', file, '--json']);
    assert.equal(r.exit, 2);
    const report = JSON.parse(r.out);
    assert.deepEqual([report.ok, report.rows, report.written, report.skipped], [false, 2, 0, 0]);
    assert.deepEqual(report.problems, [{ row: 3, column: 'time', code: 'bad_date', message: '"yesterday": expected YYYY-MM-DD HH:MM' }]);
  });

  it('prints problems as "row N, column C: reason" on stderr', async () => {
    const file = csvFile([['employee', 'time'], ['A001', '2026-02-30 09:00']]);
    const r = await cli(t.db, ['punches', file]);
    assert.equal(r.exit, 2);
    assert.match(r.err, /^row 2, column time: "2026-02-30 09:00" is not a date$/m);
    assert.match(r.out, /nothing was stored/);
  });

  it('--dry-run, --timezone and --encoding reach the import', async () => {
    const file = csvFile([['工号', '打卡时间'], ['A002', '2026-03-02 09:00']], { encoding: 'gb18030' });
    const before = await counts(t.db);
    const dry = await cli(t.db, ['punches', file, '--dry-run', '--encoding', 'GB18030', '--timezone', 'UTC', '--json']);
    assert.equal(dry.exit, 0, dry.err);
    assert.deepEqual([JSON.parse(dry.out).dryRun, JSON.parse(dry.out).created], [true, 1]);
    assert.deepEqual(await counts(t.db), before);
    const real = await cli(t.db, ['punches', file, '--encoding', 'gb18030', '--timezone', 'UTC']);
    assert.equal(real.exit, 0, real.err);
    assert.match(real.out, /wrote 1: 1 created/);
    const punch = await t.db('punches').where('tenant_id', 'import').first();
    assert.equal(Number(punch.at), Date.parse('2026-03-02T09:00:00Z'));
  });

  it('rejects a bad --encoding, --timezone or template kind with exit 2', async () => {
    const file = csvFile([['employee', 'time']]);
    assert.equal((await cli(t.db, ['punches', file, '--encoding', 'latin1'])).exit, 2);
    assert.equal((await cli(t.db, ['punches', file, '--timezone', 'Mars/Base'])).exit, 2);
    assert.equal((await cli(t.db, ['template', 'shifts'])).exit, 2);
  });

  it('template writes the file', async () => {
    const out = join(dir(), 'roster.xlsx');
    const r = await cli(t.db, ['template', 'roster', '--out', out]);
    assert.equal(r.exit, 0, r.err);
    assert.ok(existsSync(out));
  });
});
