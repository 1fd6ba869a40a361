import type { Command } from 'commander';
import { listTokens, createToken, revokeToken } from '../../api/auth/tokens.js';
import { ROLES, isRole } from '../../api/auth/roles.js';
import { CliError } from '../../errors.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../ledger/db.js';
import { openRuntime } from '../runtime.js';

/** What the token commands need of the runtime. */
export interface TokenRuntime {
  db: Db;
  clock: Clock;
  close(): Promise<void>;
}


/** The employee named by an internal id, a vendor user id, or a job number (exactly one match). */
async function findEmployee(db: Db, ref: string): Promise<string> {
  const byId = (await db('employees').select('id').where('id', ref).first()) as { id: string } | undefined;
  if (byId) return byId.id;
  const matches = new Set<string>();
  for (const r of (await db('employee_identities').select('employee_id').where('external_user_id', ref)) as { employee_id: string }[]) matches.add(r.employee_id);
  for (const r of (await db('employees').select('id').where('job_number', ref)) as { id: string }[]) matches.add(r.id);
  if (matches.size === 1) return [...matches][0] as string;
  throw new CliError(matches.size === 0 ? `no employee "${ref}"` : `"${ref}" names ${matches.size} employees; use the internal id`, 2);
}

const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());

export function registerTokenCommands(program: Command, open: () => Promise<TokenRuntime> = openRuntime): void {
  const withRuntime = async <T>(fn: (rt: TokenRuntime) => Promise<T>): Promise<T> => {
    const rt = await open();
    try {
      return await fn(rt);
    } finally {
      await rt.close();
    }
  };
  const token = program.command('token').description('create, list and revoke API tokens (only their hashes are stored)');
  token
    .command('create')
    .description('create a token and print it alone on stdout (it is shown only once)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--employee <id>', 'the employee the token speaks for (required for employee)')
    .option('--department <id>', 'a manager token’s department (else the manager employee’s own)')
    .option('--name <label>', 'a label for audit entries and `token list`')
    .option('--expires-days <n>', 'expire after this many days')
    .action(async (opts: { role: string; employee?: string; department?: string; name?: string; expiresDays?: string }) => {
      const role = opts.role;
      if (!isRole(role)) throw new CliError(`unknown role "${role}": expected one of ${ROLES.join(', ')}`, 2);
      if (role === 'employee' && opts.employee === undefined) throw new CliError('an employee token needs --employee', 2);
      if (role === 'manager' && opts.employee === undefined && opts.department === undefined) throw new CliError('a manager token needs --employee or --department', 2);
      const days = opts.expiresDays === undefined ? null : Number(opts.expiresDays);
      if (days !== null && !(Number.isInteger(days) && days > 0)) throw new CliError('--expires-days must be a positive whole number', 2);
      const plaintext = await withRuntime(async (rt) => {
        const employeeId = opts.employee === undefined ? null : await findEmployee(rt.db, opts.employee);
        if (opts.department !== undefined && (await rt.db('departments').where('id', opts.department).first()) === undefined) {
          throw new CliError(`no department "${opts.department}"`, 2);
        }
        const now = rt.clock.now();
        return createToken(
          rt.db,
          { role, employeeId, departmentId: opts.department ?? null, name: opts.name ?? `${role}${employeeId === null ? '' : `:${employeeId}`}`, expiresAt: days === null ? null : now + days * 86_400_000, actor: 'cli' },
          rt.clock,
        );
      });
      process.stdout.write(`${plaintext}\n`);
    });
  token
    .command('list')
    .description('list tokens (never their hashes)')
    .action(async () => {
      const rows = await withRuntime((rt) => listTokens(rt.db));
      process.stdout.write('id\trole\tname\temployee\tdepartment\tcreated\texpires\trevoked\tlast_used\n');
      for (const t of rows) {
        process.stdout.write(`${[t.id, t.role, t.name, t.employee_id ?? '-', t.department_id ?? '-', iso(t.created_at), iso(t.expires_at), iso(t.revoked_at), iso(t.last_used_at)].join('\t')}\n`);
      }
    });
  token
    .command('revoke <id>')
    .description('revoke a token; it answers 401 from then on')
    .action(async (id: string) => {
      const done = await withRuntime((rt) => revokeToken(rt.db, id, rt.clock));
      if (!done) throw new CliError(`no active token "${id}"`, 1);
      process.stdout.write(`revoked ${id}\n`);
    });
}
