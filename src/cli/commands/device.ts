import type { Command } from 'commander';
import { withRuntime } from '../runtime.js';
import { deviceAdd, deviceApprove, deviceList, deviceMap, deviceReject, type AdminContext, type AddOptions } from '../../devices/admin.js';

/** Runs an admin operation against the configured ledger. */
function withAdmin(fn: (ctx: AdminContext) => Promise<void>): Promise<void> {
  return withRuntime((rt) =>
    fn({
      db: rt.db,
      clock: rt.clock,
      defaultTimezone: rt.config.timezone,
      tenantIds: rt.config.tenants.map((t) => t.id),
      out: (line) => process.stdout.write(`${line}\n`),
    }),
  );
}

/** `device add | list | approve | reject | map`: the attendance device registry (checkin.md §7). */
export function registerDeviceCommands(program: Command): void {
  const device = program.command('device').description('attendance devices (ZKTeco PUSH): register, trust, map PINs');
  device
    .command('add')
    .description('register a device for the ledger (approved), with the vendor tenant its punches are written back to')
    .requiredOption('--sn <serial>', 'device serial number')
    .requiredOption('--timezone <IANA>', 'the zone of the device clock, e.g. Asia/Shanghai')
    .option('--tenant <key>', 'vendor tenant id its punches are written back to')
    .option('--name <name>', 'a name shown with its punches')
    .option('--site <id>', 'the site it stands at')
    .option('--networks <cidr,…>', 'allowed source networks (others get 403)')
    .option('--clock-offset <seconds>', 'seconds the device clock runs ahead (negative: behind)')
    .option('--interval <seconds>', 'silence longer than this raises the health alert (default 600)')
    .action((opts: AddOptions) => withAdmin((ctx) => deviceAdd(ctx, opts)));
  device
    .command('list')
    .description('devices with state, last contact, backlog and unmapped PINs')
    .action(() => withAdmin((ctx) => deviceList(ctx)));
  device
    .command('approve')
    .description('trust a (quarantined) device: its stored uploads become punches')
    .argument('<serial>')
    .action((sn: string) => withAdmin((ctx) => deviceApprove(ctx, sn)));
  device
    .command('reject')
    .description('distrust a device: its uploads are kept and never become punches')
    .argument('<serial>')
    .action((sn: string) => withAdmin((ctx) => deviceReject(ctx, sn)));
  device
    .command('map')
    .description('map a device PIN to an employee explicitly (overrides the job number)')
    .requiredOption('--sn <serial>', 'device serial number')
    .requiredOption('--pin <pin>', 'the PIN on the device')
    .requiredOption('--employee <id>', 'ledger employee id')
    .action((opts: { sn: string; pin: string; employee: string }) => withAdmin((ctx) => deviceMap(ctx, opts)));
}
