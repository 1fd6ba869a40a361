import express, { type RequestHandler, type Router } from 'express';
import { authenticate, principalOf, requireRole } from './auth/middleware.js';
import { buildOpenApi } from './openapi.js';
import type { ApiDeps, ApiRoute } from './registry.js';
import { apiRoutes } from './routes/index.js';
import { parsePart } from './validate.js';

/** Runs one route: inputs parsed by its schemas (400 with every issue), then its handler. */
function handle(route: ApiRoute, deps: ApiDeps): RequestHandler {
  return async (req, res) => {
    const query = parsePart(route.query, route.query === undefined ? undefined : { ...req.query }, 'query');
    const params = parsePart(route.params, route.params === undefined ? undefined : { ...req.params }, 'params');
    const body = parsePart(route.body, req.body, 'body');
    const result = await route.run({ principal: principalOf(res), query, params, body, deps });
    res.status(route.status).json(result);
  };
}

/**
 * The HR API, mounted at /api/v1. Authentication, the JSON parser and role checks are attached
 * per route rather than to the whole router, so other routers mounted at the same path (check-in)
 * keep their own.
 */
export function apiRouter(deps: ApiDeps, routes: readonly ApiRoute[] = apiRoutes): Router {
  const router = express.Router();
  const auth = authenticate(deps.db, deps.clock);
  const json = express.json({ limit: deps.config.bodyLimit });
  const document = buildOpenApi(routes, { title: 'Attendance Bridge HR API', version: '1' });
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  for (const route of routes) {
    const chain: RequestHandler[] = [auth, requireRole(route.roles)];
    if (route.body !== undefined) chain.push(json);
    router[route.method](route.path, ...chain, handle(route, deps));
  }
  return router;
}
