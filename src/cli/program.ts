import { Command } from 'commander';
import { registerMigrateCommands } from './commands/migrate.js';
import { registerServeCommands } from './commands/serve.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerRulesCommands } from './commands/rules.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerSyncCommands } from './commands/sync.js';
import { registerQueueCommands } from './commands/queues.js';
import { registerTokenCommands } from './commands/token.js';
import { registerImportCommands } from './commands/import.js';
import { registerDeviceCommands } from './commands/device.js';
import { registerIdentityCommands } from './commands/identities.js';
import { registerArchiveCommands } from './commands/archive.js';
import { registerReportCommands } from './commands/report.js';
import { registerPeriodCommands } from './commands/period.js';

/** The operator CLI: one commander program, each command group registered from its own module. */
export function buildProgram(): Command {
  const program = new Command('attendance-bridge')
    .description('Attendance Bridge: one attendance ledger for WeCom and DingTalk tenants')
    .showHelpAfterError()
    .exitOverride();
  registerMigrateCommands(program);
  registerServeCommands(program);
  registerDemoCommand(program);
  registerBenchCommand(program);
  registerRulesCommands(program);
  registerSandboxCommand(program);
  registerSyncCommands(program);
  registerQueueCommands(program);
  registerTokenCommands(program);
  registerImportCommands(program);
  registerDeviceCommands(program);
  registerIdentityCommands(program);
  registerArchiveCommands(program);
  registerReportCommands(program);
  registerPeriodCommands(program);
  return program;
}
