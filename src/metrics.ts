import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; modules register their own metrics on it. */
export interface Metrics {
  registry: Registry;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  vendorCalls: Counter<'tenant' | 'vendor' | 'api' | 'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    vendorCalls: new Counter({
      name: 'vendor_api_calls_total',
      help: 'Vendor API calls by tenant, API and outcome',
      labelNames: ['tenant', 'vendor', 'api', 'outcome'],
      registers: [registry],
    }),
  };
}
