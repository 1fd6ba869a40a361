import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, so children run `src/cli/bin.ts` wherever the harness was started. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Every stdout and stderr line so far (log lines are JSON from pino). */
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** RSS in bytes now, from /proc; null once the process is gone. */
  rss(): number | null;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs the CLI as its own process (`node --import tsx src/cli/bin.ts …`), the way the Procfile
 * does, with exactly `env` on top of PATH and HOME: no setting leaks in from the harness.
 */
export function spawnCli(args: string[], env: Record<string, string>, opts: { onLine?: (line: string) => void } = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${args.join(' ')}`);
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const l of parts) {
        lines.push(l);
        opts.onLine?.(l);
      }
    });
    stream?.on('end', () => {
      if (rest !== '') {
        lines.push(rest);
        opts.onLine?.(rest);
      }
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const pid = child.pid;
  return {
    pid,
    child,
    lines,
    exited,
    rss: () => rssOf(pid),
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Resident set size of a process in bytes (Linux /proc), null when it is gone or unknown. */
export function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function rssSampler(pid: number, everyMs = 200): { stop(): number } {
  let peak = rssOf(pid) ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid) ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid) ?? 0);
    },
  };
}

/** Polls `url` until it answers 200, the process dies, or `timeoutMs` passes. */
export async function waitForHttp(url: string, proc: CliProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let dead = false;
  void proc.exited.then(() => (dead = true));
  while (performance.now() < deadline && !dead) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up (${dead ? 'the process exited' : 'timeout'}):\n${proc.lines.slice(-20).join('\n')}`);
}

/** SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
export async function stopProcess(proc: CliProcess, graceMs = 5000): Promise<void> {
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}
