import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** The page's files live beside this module in the source tree (the service runs from source through tsx). */
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

/**
 * The HR workbench: one static page and its scripts, no build step. It talks only to /api/v1
 * with the token the user pastes, so it needs no session of its own; the strict CSP keeps any
 * injected markup from running script or calling elsewhere.
 */
export function workbenchRouter(dir: string = STATIC_DIR): Router {
  if (!existsSync(dir)) throw new Error(`workbench files not found at ${dir}`);
  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });
  // `/workbench` redirects to `/workbench/`, so the page's relative URLs work wherever it is mounted.
  router.use(express.static(dir, { index: 'index.html', redirect: true, cacheControl: true, maxAge: 0, fallthrough: true }));
  return router;
}
