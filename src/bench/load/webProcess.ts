import { freePort } from '../../demo/sandboxes.js';
import { callbackTenantEnv } from './callbackTraffic.js';
import { spawnCli, stopProcess, waitForHttp, type CliProcess } from './processes.js';

export interface WebProcess {
  base: string;
  proc: CliProcess;
  stop(): Promise<void>;
}

/** `serve` as a child process on a free loopback port, with the bench tenants, ready to take callbacks. */
export async function startWebProcess(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<WebProcess> {
  const port = await freePort();
  const proc = spawnCli(['serve', '--port', String(port)], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...callbackTenantEnv(), ...extraEnv });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/healthz`, proc);
  } catch (err) {
    await stopProcess(proc);
    throw err;
  }
  return { base, proc, stop: () => stopProcess(proc) };
}
