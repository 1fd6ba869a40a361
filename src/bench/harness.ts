/** One benchmark line, as `npm run bench` prints it. */
export interface BenchLine {
  bench: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  [extra: string]: unknown;
}

export interface BenchContext {
  quick: boolean;
  mysqlUrl: string;
  log(message: string): void;
}

export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<BenchLine[]>;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Seconds a function takes, by the monotonic clock. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - start) / 1000, value };
}
