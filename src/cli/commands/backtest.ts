import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openRuntime } from '../runtime.js';
import type { Policy } from '../../../config/schema.js';
import { formatBacktestSummary, parseBacktestPolicy, runBacktest, writeBacktestXlsx } from '../../backtest/index.js';
import { CliError, ValidationError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';

interface BacktestFlags {
  from: string;
  to: string;
  policy: string;
  department?: string;
  json?: boolean;
  xlsx?: string;
}

/** What the command needs of the runtime; tests hand in their own ledger. */
export interface BacktestLedger {
  db: Db;
  policy: Policy;
  timezone: string;
  close(): Promise<void>;
}

async function openConfigured(): Promise<BacktestLedger> {
  const rt = await openRuntime();
  return { db: rt.db, policy: rt.config.policy, timezone: rt.config.timezone, close: () => rt.close() };
}

/** Validation problems as one CLI message, one line per path (exit 2: a usage error). */
function usage(err: unknown): never {
  if (err instanceof ValidationError) throw new CliError(`${err.message}\n${err.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, 2);
  throw err;
}

/** The action, exported so tests run it against a seeded ledger. Returns what it printed. */
export async function backtestAction(flags: BacktestFlags, open: () => Promise<BacktestLedger> = openConfigured): Promise<string> {
  let text: string;
  try {
    text = await readFile(flags.policy, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${flags.policy}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 2);
  }
  const candidate = (() => {
    try {
      return parseBacktestPolicy(text);
    } catch (err) {
      return usage(err);
    }
  })();
  const ledger = await open();
  try {
    const report = await runBacktest(ledger.db, {
      from: flags.from,
      to: flags.to,
      candidate,
      policy: ledger.policy,
      defaultTimezone: ledger.timezone,
      ...(flags.department === undefined ? {} : { department: flags.department }),
    }).catch(usage);
    if (flags.xlsx !== undefined) await writeBacktestXlsx(report, flags.xlsx);
    const out = flags.json ? JSON.stringify(report, null, 2) : `${formatBacktestSummary(report)}${flags.xlsx === undefined ? '' : `\nxlsx: ${flags.xlsx}`}`;
    process.stdout.write(`${out}\n`);
    return out;
  } finally {
    await ledger.close();
  }
}

/** Adds `backtest` to the `rules` command group. */
export function registerBacktestCommand(rules: Command): void {
  rules
    .command('backtest')
    .description('recompute a period with a candidate rule set without writing results; compare with the stored results and the vendors’ verdicts')
    .requiredOption('--from <date>', 'first work date (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last work date (YYYY-MM-DD)')
    .requiredOption('--policy <file>', 'candidate rule set (JSON: shifts, ruleGroups, outOfRange)')
    .option('--department <name>', 'one department (id or name) and the departments under it')
    .option('--json', 'print the whole report as JSON')
    .option('--xlsx <file>', 'also write the report as an XLSX workbook')
    .action(async (flags: BacktestFlags) => {
      await backtestAction(flags);
    });
}
