import type { Command } from 'commander';
import { linkIdentities } from '../../ledger/linking.js';
import { withRuntime } from '../runtime.js';

export function registerIdentityCommands(program: Command): void {
  program
    .command('identities')
    .description('people in several tenants')
    .command('link')
    .description('link one person\'s employees across tenants by the policy\'s identity keys; list what needs a person')
    .option('--dry-run', 'report without changing anything')
    .action((opts: { dryRun?: boolean }) =>
      withRuntime(async (rt) => {
        const r = await linkIdentities(rt.db, rt.config.policy.identityKeys, opts.dryRun === true);
        for (const l of r.linked) process.stdout.write(`${opts.dryRun ? 'would link' : 'linked'}\t${l.tenantId}:${l.externalUserId} → ${l.employeeId}\tby ${l.key}\n`);
        for (const u of r.unresolved) process.stdout.write(`needs a person\t${u.key} ${u.value}\t${u.reason}\t${u.employeeIds.join(', ')}\n`);
        process.stdout.write(`${r.linked.length} linked, ${r.unresolved.length} unresolved\n`);
      }),
    );
}
