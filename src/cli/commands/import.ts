import type { Command } from 'commander';
import { openRuntime } from '../runtime.js';
import type { Policy } from '../../../config/schema.js';
import type { Clock } from '../../clock.js';
import { CliError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';
import { formatProblems, formatSummary, importFile, importKinds, shiftNames, writeTemplate, type ImportKind, type ImportOptions, type ImportReport } from '../../import/index.js';
import { isValidTimezone } from '../../rules/time.js';

interface ImportFlags {
  dryRun?: boolean;
  timezone?: string;
  encoding?: string;
  skipUnknown?: boolean;
  intoAdjustments?: boolean;
  json?: boolean;
}

const ENCODINGS = ['utf8', 'utf-8', 'gb18030'] as const;

function encodingOf(text: string | undefined): ImportOptions['encoding'] {
  if (text === undefined) return undefined;
  const e = text.toLowerCase();
  if (!(ENCODINGS as readonly string[]).includes(e)) throw new CliError(`--encoding is utf8 or gb18030, not "${text}"`, 2);
  return e === 'gb18030' ? 'gb18030' : 'utf8';
}

function kindOf(text: string): ImportKind {
  if (!(importKinds as readonly string[]).includes(text)) throw new CliError(`unknown import kind "${text}"; expected ${importKinds.join(', ')}`, 2);
  return text as ImportKind;
}

/** What the import commands need of the runtime; tests hand in their own ledger. */
export interface ImportLedger {
  db: Db;
  clock: Clock;
  policy: Policy;
  /** TZ_DEFAULT: the zone of the file's times unless --timezone says otherwise. */
  timezone: string;
  close(): Promise<void>;
}

/** The configured ledger. main.js is loaded on use: `import template punches` needs no database, adapters or web stack. */
async function openConfigured(): Promise<ImportLedger> {
  const rt = await openRuntime();
  return { db: rt.db, clock: rt.clock, policy: rt.config.policy, timezone: rt.config.timezone, close: () => rt.close() };
}

async function withLedger<T>(open: () => Promise<ImportLedger>, fn: (l: ImportLedger) => Promise<T>): Promise<T> {
  const ledger = await open();
  try {
    return await fn(ledger);
  } finally {
    await ledger.close();
  }
}

/** Prints the report (JSON on stdout with --json; else a summary on stdout, problems on stderr); a failed import exits 2. */
function print(report: ImportReport, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(formatSummary(report));
    process.stderr.write(formatProblems(report));
  }
  if (!report.ok) throw new CliError(`${report.problems.length} problem(s) in the file; nothing was stored`, 2);
}

async function runImport(open: () => Promise<ImportLedger>, kind: ImportKind, file: string, flags: ImportFlags): Promise<void> {
  const encoding = encodingOf(flags.encoding);
  if (flags.timezone !== undefined && !isValidTimezone(flags.timezone)) throw new CliError(`--timezone "${flags.timezone}" is not an IANA timezone`, 2);
  const report = await withLedger(open, (l) =>
    importFile(l.db, kind, file, {
      timezone: flags.timezone ?? l.timezone,
      clock: l.clock,
      policy: l.policy,
      dryRun: flags.dryRun === true,
      skipUnknown: flags.skipUnknown === true,
      intoAdjustments: flags.intoAdjustments === true,
      actor: 'cli',
      ...(encoding ? { encoding } : {}),
    }),
  );
  print(report, flags.json === true);
}

export function registerImportCommands(program: Command, open: () => Promise<ImportLedger> = openConfigured): void {
  const group = program.command('import').description('import rosters, punches or requests from XLSX / CSV (docs/import.md); all or nothing');
  for (const kind of importKinds) {
    group
      .command(kind)
      .description(`import ${kind} from FILE (.xlsx first sheet, or .csv)`)
      .argument('<file>', 'the file')
      .option('--dry-run', 'validate and report what would be written, store nothing')
      .option('--timezone <tz>', 'zone of the local times in the file (default TZ_DEFAULT)')
      .option('--encoding <enc>', 'CSV encoding: utf8 (default, BOM optional) or gb18030')
      .option('--skip-unknown', 'skip rows of unknown employees (reported as warnings) instead of failing')
      .option('--into-adjustments', 'accept rows in locked months; their effect becomes adjustments in the next open month (audited)')
      .option('--json', 'print the report as JSON')
      .action((file: string, flags: ImportFlags) => runImport(open, kind, file, flags));
  }
  group
    .command('template')
    .description('write an XLSX template (headers, a sample row, drop-downs) for roster, punches or requests')
    .argument('<kind>', importKinds.join(' | '))
    .option('--out <file>', 'where to write it (default ./<kind>-template.xlsx)')
    .action(async (kindText: string, flags: { out?: string }) => {
      const kind = kindOf(kindText);
      const out = flags.out ?? `${kind}-template.xlsx`;
      // Only the roster template needs the ledger: its drop-down lists the shift names.
      const names = kind === 'roster' ? await withLedger(open, (l) => shiftNames(l.db)) : [];
      await writeTemplate(kind, out, { shiftNames: names });
      process.stdout.write(`wrote ${out}\n`);
    });
}
