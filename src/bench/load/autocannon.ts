import { createRequire } from 'node:module';

/** The part of autocannon's programmatic API the benches use (it ships no types). */
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest, context: Record<string, unknown>) => CannonRequest;
}

export interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  requests?: CannonRequest[];
  timeout?: number;
}

export interface CannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number; average: number };
  statusCodeStats: Record<string, { count: number }>;
}

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: CannonOptions & { setupClient?: unknown }, cb: (err: Error | null, result: CannonResult) => void) => unknown;

/** Runs one load and resolves with autocannon's summary. */
export function cannon(opts: CannonOptions): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 10, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Requests per second that were answered 2xx. */
export function okPerSecond(r: CannonResult): number {
  return r['2xx'] / Math.max(r.duration, 1e-9);
}
