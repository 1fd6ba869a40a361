import type { z } from 'zod';
import type { Policy } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import type { Principal, Role } from './auth/roles.js';

/** What the API needs from the runtime. */
export interface ApiDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: { policy: Policy; timezone: string; bodyLimit: string };
}

export interface RouteContext<Q, P, B> {
  principal: Principal;
  query: Q;
  params: P;
  body: B;
  deps: ApiDeps;
}

/**
 * One API route: everything the router and the OpenAPI document need. Both are built from the
 * same list, so what is validated and what is documented cannot drift apart.
 */
export interface ApiRoute {
  /** operationId; also names the route's schemas in the document. */
  id: string;
  method: 'get' | 'post';
  /** Express path under /api/v1 (`:id` parameters). */
  path: string;
  summary: string;
  roles: readonly Role[];
  query?: z.ZodType;
  params?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  status: number;
  run(ctx: RouteContext<unknown, unknown, unknown>): Promise<unknown>;
}

interface RouteSpec<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  id: string;
  method: 'get' | 'post';
  path: string;
  summary: string;
  roles: readonly Role[];
  query?: Q;
  params?: P;
  body?: B;
  response: R;
  status?: number;
  handler(ctx: RouteContext<z.output<Q>, z.output<P>, z.output<B>>): Promise<z.input<R>>;
}

/** Declares a route with its handler typed by its schemas. */
export function defineRoute<
  Q extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<Q, P, B, R>): ApiRoute {
  const { handler, status, ...rest } = spec;
  return {
    ...rest,
    status: status ?? 200,
    // The router parses query, params and body with these very schemas before calling run.
    run: (ctx) => handler(ctx as RouteContext<z.output<Q>, z.output<P>, z.output<B>>),
  };
}
