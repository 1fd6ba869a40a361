import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { registerBacktestCommand } from './backtest.js';
import { CliError } from '../../errors.js';
import { computeParsedDay, explainDayResult, parseDayCase, type DayResult, type ParsedDay } from '../../rules/index.js';

/** Parses a file's text: one day case or an array of them. Throws CliError(exit 2) naming case and field. */
export function parseCasesText(text: string): { days: ParsedDay[]; isArray: boolean } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  const isArray = Array.isArray(json);
  const cases: unknown[] = Array.isArray(json) ? json : [json];
  const problems: string[] = [];
  const days: ParsedDay[] = [];
  cases.forEach((c, i) => {
    const parsed = parseDayCase(c);
    if (parsed.ok) days.push(parsed.day);
    else problems.push(...parsed.issues.map((issue) => `case ${i}: ${issue.path}: ${issue.message}`));
  });
  if (problems.length > 0) throw new CliError(problems.join('\n'), 2);
  return { days, isArray };
}

/** `rules eval` core: text in, results out (an array when the input was one). */
export function evaluateCasesText(text: string): DayResult | DayResult[] {
  const { days, isArray } = parseCasesText(text);
  const results = days.map(computeParsedDay);
  return isArray ? results : (results[0] as DayResult);
}

/** `rules explain` core: the same input, a text for a person. */
export function explainCasesText(text: string): string {
  const { days } = parseCasesText(text);
  return days.map((d) => explainDayResult(computeParsedDay(d))).join('\n\n---\n\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a case file (`-` is stdin); a file that cannot be read is a usage error (exit 2). */
export async function readCasesFile(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${String(err)}`, 2);
  }
}

export function registerRulesCommands(program: Command): void {
  const rules = program.command('rules').description('evaluate attendance day cases with the rule engine');
  rules
    .command('eval <file>')
    .description('print the day result(s) of a day case file (one case or an array; - reads stdin) as JSON')
    .action(async (file: string) => {
      const results = evaluateCasesText(await readCasesFile(file));
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    });
  rules
    .command('explain <file>')
    .description('explain the day result(s) of a day case file for a person')
    .action(async (file: string) => {
      process.stdout.write(`${explainCasesText(await readCasesFile(file))}\n`);
    });
  registerBacktestCommand(rules);
}
