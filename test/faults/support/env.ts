import { hostname } from 'node:os';

/** `FAULTS_QUICK=1` (CI) runs every case smaller; the full suite runs on demand. */
export const QUICK = process.env.FAULTS_QUICK === '1';

/** The MariaDB server the suite creates its scratch databases on. */
export const MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/attendance_test';

export function size(full: number, quick: number): number {
  return QUICK ? quick : full;
}

/** The name a child process uses in leases and outbox claims (src/main.ts: `${hostname()}:${pid}`). */
export function workerName(pid: number): string {
  return `${hostname()}:${pid}`;
}

/** A seeded stream of numbers in [0, 1), so a failing run can be repeated with the same moments. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export const FAULT_SEED = Number(process.env.FAULTS_SEED ?? 20_261_125);

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
