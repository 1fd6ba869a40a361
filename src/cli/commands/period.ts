import type { Command } from 'commander';
import type { Principal } from '../../api/auth/roles.js';
import { AppError, CliError } from '../../errors.js';
import { lockMonth, unlockMonth } from '../../periods/actions.js';
import { monthSchema } from '../../periods/month.js';
import { periodStatus, type PeriodView } from '../../periods/status.js';
import { openHrRuntime, withHrRuntime, type HrRuntime } from './report.js';

/** The operator at the console acts with the role the API would require; the audit log names `cli`. */
const operator = (role: 'hr' | 'admin'): Principal => ({ tokenId: 'cli', name: 'cli', role, employeeId: null, departmentId: null });

function monthOf(text: string): string {
  if (!monthSchema.safeParse(text).success) throw new CliError(`"${text}" is not a month (YYYY-MM)`, 2);
  return text;
}

function print(v: PeriodView): void {
  const c = v.counts;
  process.stdout.write(`${v.month}\t${v.state}${v.lockedBy === null ? '' : ` by ${v.lockedBy} at ${v.lockedAt ?? '?'}`}\n`);
  process.stdout.write(`people ${c.people}\tconfirmed ${c.confirmed}\tdisputed ${c.disputed}\tpending ${c.pending}\n`);
  for (const d of v.awaitingSignOff) process.stdout.write(`awaiting sign-off\t${d.departmentName ?? d.departmentId ?? '(no department)'}\t${d.people}\n`);
}

/** A refused transition (locked, not signed off, …) is a plain message and exit 1, not a stack. */
async function asCli<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`${err.code.toUpperCase()}: ${err.message}`, err.status < 500 ? 1 : 2);
    throw err;
  }
}

export function registerPeriodCommands(program: Command, open: () => Promise<HrRuntime> = openHrRuntime): void {
  const period = program.command('period').description('month confirmation state; lock a month for payroll, unlock it');
  period
    .command('status <month>')
    .description('the month’s state and confirmation counts')
    .action(async (month: string) => {
      const m = monthOf(month);
      print(await withHrRuntime(open, (deps) => periodStatus(deps.db, operator('hr'), m, deps.config.timezone)));
    });
  period
    .command('lock <month>')
    .description('compute pending days, then lock the month (as HR)')
    .option('--force', 'lock although not every department signed off (needs --reason)')
    .option('--reason <text>', 'why; recorded in the audit log')
    .action(async (month: string, flags: { force?: boolean; reason?: string }) => {
      const m = monthOf(month);
      if (flags.force === true && flags.reason === undefined) throw new CliError('--force needs --reason', 2);
      const v = await asCli(() => withHrRuntime(open, (deps) => lockMonth(deps, operator('hr'), m, { force: flags.force === true, reason: flags.reason })));
      print(v);
      process.stdout.write(`recomputed ${v.recomputed.computed} day(s), ${v.recomputed.written} written, ${v.recomputed.adjusted} adjusted\n`);
    });
  period
    .command('unlock <month>')
    .description('reopen a locked month (as admin)')
    .requiredOption('--reason <text>', 'why; recorded in the audit log')
    .action(async (month: string, flags: { reason: string }) => {
      const m = monthOf(month);
      if (flags.reason.trim() === '') throw new CliError('--reason must not be empty', 2);
      print(await asCli(() => withHrRuntime(open, (deps) => unlockMonth(deps, operator('admin'), m, flags.reason.trim()))));
    });
}
