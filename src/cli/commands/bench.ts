import type { Command } from 'commander';
import { CliError } from '../../errors.js';
import { benches } from '../../bench/index.js';

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks; one JSON line each on stdout')
    .option('--quick', 'small sizes, well under 5 minutes')
    .option('--only <names>', 'comma-separated benchmark names')
    .option('--mysql <url>', 'MariaDB server for the MySQL benchmarks', process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/attendance_bench')
    .action(async (opts: { quick?: boolean; only?: string; mysql: string }) => {
      const wanted = opts.only?.split(',').map((s) => s.trim());
      const unknown = wanted?.filter((w) => !benches.some((b) => b.name === w)) ?? [];
      if (unknown.length > 0) throw new CliError(`unknown benchmark(s): ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`, 2);
      for (const bench of benches.filter((b) => wanted === undefined || wanted.includes(b.name))) {
        const lines = await bench.run({ quick: opts.quick === true, mysqlUrl: opts.mysql, log: (m) => process.stderr.write(`${m}\n`) });
        for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
      }
    });
}
