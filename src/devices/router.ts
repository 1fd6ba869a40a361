import express, { Router, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import { parseAttlog } from '../../adapters/zkteco/attlog.js';
import { formatCommands, parseCommandResults } from '../../adapters/zkteco/commands.js';
import { SERIAL_PATTERN } from '../../adapters/zkteco/map.js';
import { parseOperlog } from '../../adapters/zkteco/operlog.js';
import { handshakeText, parseStamp } from '../../adapters/zkteco/options.js';
import { decodeBody, type LineError } from '../../adapters/zkteco/text.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import { recordCommandResults, takeNextCommand } from './commands.js';
import { registerDeviceMetrics } from './health.js';
import { storeAttlog, storeOperlog } from './ingest.js';
import { findDevice, touchDevice, type Device } from './registry.js';
import { allowedFrom } from './trust.js';

export interface IclockDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Largest accepted body (express size string, e.g. `1mb`); larger → 413. */
  bodyLimit: string;
  /** TZ_DEFAULT, for the handshake's TimeZone of devices registered without a zone. */
  defaultTimezone: string;
  /** When given, the device health gauges are registered on it. */
  metrics?: { registry: Registry };
  /** Seconds a device waits before resending after a failed upload (handshake ErrorDelay). */
  errorDelaySeconds?: number;
}

const text = (res: Response, body: string) => res.status(200).type('text/plain').send(body);

function query(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** Runs a storage step; any failure there answers 503 so the device sends the same data again. */
async function stored<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('database_unavailable', 'Could not store the upload; send it again.', undefined, { cause: err });
  }
}

/**
 * The ZKTeco PUSH (iclock / ADMS) receiver, mounted at `/iclock`. Devices cannot change, so it
 * accepts exactly what firmware sends: plain-text bodies, tab-separated records, `OK` answers.
 * Uploads are stored (inbox + stamp, one transaction) before the device hears `OK`; nothing is
 * resolved in the request. Unknown serials are registered as quarantined on first contact.
 */
export function iclockRouter(deps: IclockDeps): Router {
  const router = Router();
  if (deps.metrics !== undefined) registerDeviceMetrics(deps.metrics.registry, deps.db, deps.clock);
  router.use(express.raw({ type: () => true, limit: deps.bodyLimit }));

  /** Identifies the device, checks its source network, and records the contact. */
  async function contact(req: Request): Promise<Device> {
    const sn = query(req, 'SN');
    if (sn === undefined || !SERIAL_PATTERN.test(sn)) throw new AppError('bad_request', 'SN is missing or not a device serial.');
    const known = await stored(() => findDevice(deps.db, sn));
    if (known !== undefined && !allowedFrom(known.allowedNetworks, req.ip)) {
      deps.logger.warn({ serial: sn, ip: req.ip }, 'device request from a network it is not allowed on');
      throw new AppError('forbidden', 'This device may not connect from this network.');
    }
    const device = await stored(() => touchDevice(deps.db, sn, req.ip, deps.clock.now()));
    if (known === undefined) deps.logger.info({ serial: sn, ip: req.ip }, 'unknown device registered as quarantined');
    return device;
  }

  const body = (req: Request) => decodeBody(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));

  function reportLines(serial: string, table: string, errors: readonly LineError[]): void {
    // Line numbers and reasons only: the lines carry PINs and names.
    for (const e of errors) deps.logger.warn({ serial, table, line: e.line, reason: e.reason }, 'device record skipped');
  }

  router.get('/cdata', async (req, res) => {
    const device = await contact(req);
    const now = deps.clock.now();
    const options = { sn: device.serial, attlogStamp: device.attlogStamp, operlogStamp: device.operlogStamp, timezone: device.timezone ?? deps.defaultTimezone, now };
    text(res, handshakeText(deps.errorDelaySeconds === undefined ? options : { ...options, errorDelay: deps.errorDelaySeconds }));
  });

  router.post('/cdata', async (req, res) => {
    const device = await contact(req);
    const table = (query(req, 'table') ?? '').toUpperCase();
    const stamp = parseStamp(query(req, 'Stamp') ?? query(req, 'OpStamp'));
    const now = deps.clock.now();
    if (table === 'ATTLOG') {
      const parsed = parseAttlog(body(req));
      reportLines(device.serial, table, parsed.errors);
      const result = await stored(() => storeAttlog(deps.db, device.serial, parsed.records, stamp, now));
      if (result.gap !== null) deps.logger.warn({ serial: device.serial, gap: result.gap }, 'device stamp went back: DATA QUERY queued for the range');
      deps.logger.debug({ serial: device.serial, state: device.state, records: parsed.records.length, fresh: result.fresh, skipped: parsed.errors.length, stamp }, 'ATTLOG stored');
      text(res, `OK: ${parsed.records.length}`);
    } else if (table === 'OPERLOG') {
      const parsed = parseOperlog(body(req));
      reportLines(device.serial, table, parsed.errors);
      await stored(() => storeOperlog(deps.db, device.serial, parsed.records, stamp, now));
      deps.logger.debug({ serial: device.serial, users: parsed.records.length, operations: parsed.operations, other: parsed.other, skipped: parsed.errors.length }, 'OPERLOG stored');
      text(res, `OK: ${parsed.records.length + parsed.operations + parsed.other}`);
    } else {
      // Photos, templates and other tables are acknowledged so the device does not resend them forever.
      text(res, 'OK');
    }
  });

  router.get('/getrequest', async (req, res) => {
    const device = await contact(req);
    const commands = device.state === 'rejected' ? [] : await stored(() => takeNextCommand(deps.db, device.serial, deps.clock.now()));
    text(res, formatCommands(commands));
  });

  router.post('/devicecmd', async (req, res) => {
    const device = await contact(req);
    const results = parseCommandResults(body(req));
    const matched = await stored(() => recordCommandResults(deps.db, device.serial, results, deps.clock.now()));
    deps.logger.debug({ serial: device.serial, results: results.length, matched }, 'device command results');
    text(res, 'OK');
  });

  router.get('/ping', async (req, res) => {
    await contact(req);
    text(res, 'OK');
  });

  return router;
}
