import assert from 'node:assert/strict';
import { Command } from 'commander';
import { resolveToken } from '../../src/api/auth/tokens.js';
import { registerTokenCommands } from '../../src/cli/commands/token.js';
import { CliError } from '../../src/errors.js';
import { describeEachDb } from '../support/db.js';
import { NOW, dept, emp, seed, type Fixture } from './fixture.js';

describeEachDb('token CLI', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  /** Runs `token …` against the test database; returns what it printed on stdout. */
  async function run(...args: string[]): Promise<string> {
    const program = new Command('attendance-bridge').exitOverride();
    registerTokenCommands(program, async () => ({ db: t.db, clock: f.clock, close: async () => {} }));
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['token', ...args], { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    return out.join('');
  }
  const exitsWith = async (code: number, pattern: RegExp, ...args: string[]) => {
    await assert.rejects(run(...args), (err: unknown) => err instanceof CliError && err.exitCode === code && pattern.test(err.message));
  };

  it('create prints the token alone on stdout, bound to the role and employee', async () => {
    const out = await run('create', '--role', 'employee', '--employee', emp('wang'), '--name', 'wang phone');
    assert.match(out, /^ab_[A-Za-z0-9_-]{43}\n$/);
    const p = await resolveToken(t.db, out.trim(), NOW);
    assert.deepEqual({ role: p?.role, employeeId: p?.employeeId, name: p?.name }, { role: 'employee', employeeId: emp('wang'), name: 'wang phone' });
  });

  it('finds the employee by vendor user id or job number, and binds a manager to a department', async () => {
    assert.equal((await resolveToken(t.db, (await run('create', '--role', 'employee', '--employee', 'li')).trim(), NOW))?.employeeId, emp('li'));
    assert.equal((await resolveToken(t.db, (await run('create', '--role', 'employee', '--employee', 'A002')).trim(), NOW))?.employeeId, emp('zhang'));
    const mgr = await resolveToken(t.db, (await run('create', '--role', 'manager', '--department', dept('sales'))).trim(), NOW);
    assert.deepEqual([mgr?.role, mgr?.departmentId, mgr?.employeeId], ['manager', dept('sales'), null]);
    const hr = await resolveToken(t.db, (await run('create', '--role', 'hr', '--expires-days', '2')).trim(), NOW + 2 * 86_400_000 - 1);
    assert.equal(hr?.role, 'hr');
    assert.equal(await resolveToken(t.db, (await run('create', '--role', 'hr', '--expires-days', '2')).trim(), NOW + 2 * 86_400_000), null);
  });

  it('refuses a bad role, a missing or unknown employee, an unknown department with exit 2', async () => {
    await exitsWith(2, /unknown role "boss"/, 'create', '--role', 'boss');
    await exitsWith(2, /needs --employee/, 'create', '--role', 'employee');
    await exitsWith(2, /--employee or --department/, 'create', '--role', 'manager');
    await exitsWith(2, /no employee "nobody"/, 'create', '--role', 'employee', '--employee', 'nobody');
    await exitsWith(2, /no department/, 'create', '--role', 'manager', '--department', 'acme:nowhere');
    await exitsWith(2, /--expires-days/, 'create', '--role', 'hr', '--expires-days', '0');
  });

  it('lists tokens without hashes and revokes them', async () => {
    const token = (await run('create', '--role', 'system', '--name', 'to-revoke')).trim();
    const listing = await run('list');
    const hashes = (await t.db('api_tokens').select('token_hash')).map((r: { token_hash: string }) => r.token_hash);
    assert.ok(hashes.every((h) => !listing.includes(h)), 'no hash printed');
    assert.ok(!listing.includes(token));
    const line = listing.split('\n').find((l) => l.includes('to-revoke')) as string;
    const [id, role] = line.split('\t');
    assert.equal(role, 'system');
    assert.equal(await run('revoke', id as string), `revoked ${id}\n`);
    assert.equal(await resolveToken(t.db, token, NOW), null);
    await exitsWith(1, /no active token/, 'revoke', id as string);
    assert.match((await run('list')).split('\n').find((l) => l.includes('to-revoke')) as string, /\t2026-03-10T02:00:00.000Z\t-$/);
  });
});
