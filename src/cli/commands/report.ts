import { writeFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { openRuntime } from '../runtime.js';
import type { ApiDeps } from '../../api/registry.js';
import { CliError, issuesFromZod } from '../../errors.js';
import { deliverMonthlyReport } from '../../reports/deliver.js';
import { writeReportFile } from '../../reports/files.js';
import { REPORT_KINDS, type ReportKind } from '../../reports/kinds.js';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/schemas.js';
import { organisationFilter } from '../../reports/scope.js';

/** What the report and period commands need of the runtime: the API's dependencies; tests hand in their own. */
export interface HrRuntime {
  deps: ApiDeps;
  close(): Promise<void>;
}

/** The configured ledger; main.js is loaded on use (it pulls in every adapter). */
export async function openHrRuntime(): Promise<HrRuntime> {
  const rt = await openRuntime();
  return { deps: { db: rt.db, clock: rt.clock, logger: rt.logger, config: rt.config }, close: () => rt.close() };
}

export async function withHrRuntime<T>(open: () => Promise<HrRuntime>, fn: (deps: ApiDeps) => Promise<T>): Promise<T> {
  const rt = await open();
  try {
    return await fn(rt.deps);
  } finally {
    await rt.close();
  }
}

interface ReportFlags {
  month?: string;
  date?: string;
  department?: string;
  format?: string;
  out?: string;
}

/** The flags as the report's query, validated by the same schema as the API (exit 2 on bad input). */
function queryOf(kind: ReportKind, flags: ReportFlags): { format: ReportFormat; department?: string } {
  const raw = Object.fromEntries(Object.entries({ month: flags.month, date: flags.date, department: flags.department, format: flags.format ?? 'json' }).filter(([, v]) => v !== undefined));
  const parsed = kind.query.safeParse(raw);
  if (!parsed.success) throw new CliError(issuesFromZod(parsed.error.issues).map((i) => `--${i.path}: ${i.message}`).join('\n'), 2);
  return parsed.data as { format: ReportFormat; department?: string };
}

async function runReport(deps: ApiDeps, kind: ReportKind, flags: ReportFlags): Promise<string | null> {
  const query = queryOf(kind, flags);
  const out = await kind.build(deps.db, query, await organisationFilter(deps.db, query.department));
  if (query.format === 'json') {
    const text = `${JSON.stringify(out.json, null, 2)}\n`;
    if (flags.out === undefined) process.stdout.write(text);
    else writeFileSync(flags.out, text);
    return flags.out ?? null;
  }
  // A spreadsheet is binary: to a file, or to stdout only when it is redirected.
  if (flags.out === undefined && query.format === 'xlsx' && process.stdout.isTTY) throw new CliError('xlsx is binary: pass --out FILE or redirect stdout', 2);
  const target = flags.out ?? null;
  if (target === null) {
    await writeReportFile(out, query.format, process.stdout);
    return null;
  }
  mkdirSync(dirname(target), { recursive: true });
  const file = createWriteStream(target);
  await writeReportFile(out, query.format, file);
  await finished(file);
  return target;
}

export function registerReportCommands(program: Command, open: () => Promise<HrRuntime> = openHrRuntime): void {
  const report = program.command('report').description('HR reports as JSON, CSV or XLSX, and their delivery to HR');
  for (const kind of REPORT_KINDS) {
    const usesDate = kind.name === 'daily-exceptions';
    report
      .command(kind.name)
      .description(kind.summary)
      .option(usesDate ? '--date <YYYY-MM-DD>' : '--month <YYYY-MM>', usesDate ? 'the day' : 'the month')
      .option('--department <id>', 'this department and its sub-departments')
      .option('--format <format>', REPORT_FORMATS.join(' | '), 'json')
      .option('--out <file>', 'write here instead of stdout')
      .action(async (flags: ReportFlags) => {
        const written = await withHrRuntime(open, (deps) => runReport(deps, kind, flags));
        if (written !== null) process.stderr.write(`wrote ${written}\n`);
      });
  }
  report
    .command('deliver')
    .description('POST the organisation’s monthly report to HR’s HTTPS webhook')
    .requiredOption('--webhook <url>', 'the https:// endpoint (REPORT_WEBHOOK_URL)')
    .option('--month <YYYY-MM>', 'default: last month')
    .option('--format <format>', 'xlsx | csv', 'xlsx')
    .action(async (flags: { webhook: string; month?: string; format: string }) => {
      if (flags.format !== 'xlsx' && flags.format !== 'csv') throw new CliError('--format is xlsx or csv', 2);
      const format = flags.format;
      const r = await withHrRuntime(open, (deps) =>
        deliverMonthlyReport({ db: deps.db, clock: deps.clock, timezone: deps.config.timezone, webhookUrl: flags.webhook, format, ...(flags.month === undefined ? {} : { month: flags.month }) }),
      );
      process.stdout.write(`delivered ${r.fileName} (${r.bytes} bytes, ${r.employees} employees): HTTP ${r.status}\n`);
    });
}
