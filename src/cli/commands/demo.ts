import type { Command } from 'commander';
import { loadConfig } from '../../../config/load.js';
import { CliError } from '../../errors.js';
import { runDemo } from '../../demo/run.js';
import { formatSummary } from '../../demo/summary.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the main job end to end on the embedded default: two sandbox tenants, pull, callbacks, rules, write-back, reconciliation, monthly report')
    .option('--serve', 'keep the service and the workbench running afterwards')
    .option('--employees <n>', 'employees in the generated company', '300')
    .option('--seed <s>', 'seed of the generated company', '2026')
    .option('--out <dir>', 'where the report goes', './out')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { serve?: boolean; employees: string; seed: string; out: string; json?: boolean }) => {
      const employees = Number(opts.employees);
      const seed = Number(opts.seed);
      if (!Number.isInteger(employees) || employees < 2 || employees > 20_000) throw new CliError('--employees must be an integer from 2 to 20000', 2);
      if (!Number.isInteger(seed) || seed < 0) throw new CliError('--seed must be a non-negative integer', 2);
      await runDemo({
        config: loadConfig(process.env),
        employees,
        seed,
        outDir: opts.out,
        serve: opts.serve === true,
        progress: opts.json !== true,
        onSummary: (s) => process.stdout.write(opts.json ? `${JSON.stringify(s, null, 2)}\n` : formatSummary(s)),
      });
    });
}
