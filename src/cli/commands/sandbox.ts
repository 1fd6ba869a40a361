import type { Command } from 'commander';
import { CliError } from '../../errors.js';
import { startDingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { startWecomSandbox } from '../../../adapters/wecom/sandbox/index.js';
import { runDeviceSimulator } from '../../../adapters/zkteco/simulator.js';

interface SandboxOpts {
  server?: string;
  sn?: string;
  pins?: string;
  port: string;
  host: string;
  employees: string;
  days: string;
  seed: string;
  faultRate?: string;
  callbackUrl?: string;
}

function int(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`, 2);
  return n;
}

/** `sandbox device`: behaves like firmware until it has pushed its punches and answered the server's commands. */
async function runDevice(opts: SandboxOpts): Promise<void> {
  if (!opts.server || !opts.sn || !opts.pins) throw new CliError('sandbox device needs --server URL --sn SERIAL --pins P1,P2,…', 2);
  const pins = opts.pins.split(',').map((p) => p.trim()).filter(Boolean);
  const result = await runDeviceSimulator({ server: opts.server, sn: opts.sn, pins, days: int('days', opts.days, 1, 400), seed: int('seed', opts.seed, 0, 2 ** 31 - 1) });
  process.stdout.write(`${JSON.stringify({ sn: opts.sn, generated: result.generated.length, uploaded: result.uploaded, resends: result.resends })}\n`);
}

/**
 * `sandbox wecom|dingtalk`: the protocol-faithful fake vendor. Prints one NAME=value line per
 * setting that points the service at it, then READY, and serves until killed (fixed contract).
 */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('start a protocol-faithful fake WeCom or DingTalk tenant with generated data')
    .argument('<vendor>', 'wecom, dingtalk, or device (an attendance terminal speaking the iclock PUSH protocol)')
    .option('--server <url>', 'device: the service to push to (the routes are under /iclock)')
    .option('--sn <serial>', 'device: its serial number')
    .option('--pins <list>', 'device: comma-separated PINs (job numbers) that punch')
    .option('--port <port>', 'port (0 = any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--employees <n>', 'employees in the generated company', '50')
    .option('--days <d>', 'days of data, ending yesterday', '31')
    .option('--seed <s>', 'seed of the generated data', '1')
    .option('--fault-rate <r>', 'fraction of API calls that fail transiently (0–1)')
    .option('--callback-url <url>', 'where POST /__sandbox/push delivers encrypted callbacks')
    .action(async (vendor: string, opts: SandboxOpts) => {
      if (vendor === 'device') {
        await runDevice(opts);
        return;
      }
      if (vendor !== 'wecom' && vendor !== 'dingtalk') throw new CliError(`unknown vendor "${vendor}": expected wecom, dingtalk or device`, 2);
      const faultRate = opts.faultRate === undefined ? 0 : Number(opts.faultRate);
      if (!(faultRate >= 0 && faultRate <= 1)) throw new CliError(`--fault-rate must be between 0 and 1, got "${opts.faultRate}"`, 2);
      const common = {
        port: int('port', opts.port, 0, 65535),
        host: opts.host,
        employees: int('employees', opts.employees, 1, 100_000),
        days: int('days', opts.days, 1, 400),
        seed: int('seed', opts.seed, 0, 2 ** 31 - 1),
        faultRate,
        ...(opts.callbackUrl === undefined ? {} : { callbackUrl: opts.callbackUrl }),
      };
      const sandbox = vendor === 'wecom' ? await startWecomSandbox(common) : await startDingtalkSandbox(common);
      for (const [name, value] of Object.entries(sandbox.env)) process.stdout.write(`${name}=${value}\n`);
      process.stdout.write('READY\n');
      await new Promise<void>((resolve) => {
        const stop = () => void sandbox.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
