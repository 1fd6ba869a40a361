import express, { Router, type Request } from 'express';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import type { CallbackRequest, TenantConnector } from '../vendor/contract.js';
import { storeEvents } from './inbox.js';

export interface CallbackDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  bodyLimit: string;
  connector(vendor: string, tenantId: string): TenantConnector | undefined;
}

/** Vendors wait a few seconds (WeCom 5 s); the inbox insert gets well under one. */
const STORE_DEADLINE_MS = 700;

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the inbox insert took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function flat(values: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v)]));
}

function toCallbackRequest(req: Request): CallbackRequest {
  return {
    method: req.method === 'GET' ? 'GET' : 'POST',
    query: flat(req.query as Record<string, unknown>),
    headers: flat(req.headers as Record<string, unknown>),
    body: typeof req.body === 'string' ? req.body : '',
  };
}

/**
 * `GET|POST /callbacks/:vendor/:tenant`: verify and decrypt through the tenant's codec, store the
 * events in the inbox, and only then acknowledge in the vendor's form. Nothing else happens in
 * the request; a database failure answers 503 so the vendor delivers again.
 */
export function callbackRouter(deps: CallbackDeps): Router {
  const router = Router();
  router.use(express.text({ type: () => true, limit: deps.bodyLimit }));
  router.all('/:vendor/:tenant', async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'POST') throw new AppError('bad_request', 'Callbacks are GET or POST.');
    const vendor = req.params.vendor as string;
    const tenantId = req.params.tenant as string;
    const codec = deps.connector(vendor, tenantId)?.codec();
    if (codec === undefined || codec === null) throw new AppError('not_found', `No ${vendor} tenant "${tenantId}" receives callbacks here.`);
    const decoded = codec.decode(toCallbackRequest(req));
    try {
      // A frozen database must not hold the vendor's connection: answer 503 in time so it
      // redelivers. An insert that commits after the deadline is harmless (the key dedupes).
      const fresh = await withDeadline(storeEvents(deps.db, vendor, tenantId, decoded.events, deps.clock.now()), STORE_DEADLINE_MS);
      deps.logger.debug({ vendor, tenantId, events: decoded.events.length, fresh }, 'callback stored');
    } catch (err) {
      throw new AppError('database_unavailable', 'Could not store the callback; deliver it again.', undefined, { cause: err });
    }
    res.status(decoded.reply.status).type(decoded.reply.contentType).send(decoded.reply.body);
  });
  return router;
}
