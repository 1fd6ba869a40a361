import type { Request, RequestHandler, Response } from 'express';
import { errmsgOf } from '../errors.js';
import { wecomApis, type WecomApiName } from '../descriptor.js';
import type { WecomSandboxState } from './state.js';

/** A WeCom error answer: HTTP 200 with `{errcode, errmsg}`, as the real API does. */
export class WecomError extends Error {
  constructor(
    readonly errcode: number,
    errmsg?: string,
  ) {
    super(errmsg ?? errmsgOf(errcode));
  }
}

export type Json = Record<string, unknown>;
export interface CallContext {
  body: Json;
  query: Record<string, string>;
  state: WecomSandboxState;
  now: number;
}
type Handler = (ctx: CallContext) => Json | Promise<Json>;

function flatQuery(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.query)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

function send(res: Response, errcode: number, errmsg: string, extra: Json = {}): void {
  res.status(200).json({ errcode, errmsg, ...extra });
}

/**
 * One WeCom API route: counts the call, injects faults, checks method and access_token (41001
 * missing, 40014 unknown, 42001 expired), enforces the per-minute limit (45009), parses the JSON
 * body (40058 when malformed) and turns thrown WecomErrors into errcode answers.
 */
export function wecomRoute(state: WecomSandboxState, name: WecomApiName, handler: Handler, opts: { auth?: boolean } = {}): RequestHandler {
  const api = wecomApis[name];
  return async (req, res) => {
    state.calls[api.path] = (state.calls[api.path] ?? 0) + 1;
    const now = state.now();
    const query = flatQuery(req);
    const fault = state.faults.next();
    if (fault) return send(res, fault.errcode, fault.errmsg);
    if (req.method !== api.method) return send(res, 40058, `invalid request method, use ${api.method}`);
    if (opts.auth !== false) {
      const token = query['access_token'];
      if (!token) return send(res, 41001, 'access_token missing');
      const check = state.tokens.check(token, now);
      if (check === 'invalid') return send(res, 40014, 'invalid access_token');
      if (check === 'expired') return send(res, 42001, 'access_token expired');
    }
    if (!state.limiter.allow(name, api.perMinute, now)) return send(res, 45009, 'api freq out of limit');
    let body: Json = {};
    if (api.method === 'POST') {
      const raw = typeof req.body === 'string' ? req.body : '';
      try {
        const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Json;
      } catch {
        return send(res, 40058, 'invalid json. Warning: wrong json format.');
      }
    }
    try {
      const out = await handler({ body, query, state, now });
      send(res, 0, 'ok', out);
    } catch (err) {
      if (err instanceof WecomError) return send(res, err.errcode, err.message);
      send(res, -1, 'system busy');
    }
  };
}

/** Reads a userid list: array of non-empty strings, 1..max entries, else 301023. */
export function userList(body: Json, max: number, field = 'useridlist'): string[] {
  const v = body[field];
  if (!Array.isArray(v) || v.length === 0 || v.length > max) throw new WecomError(301023, 'userlist is over threshold');
  if (!v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 64)) throw new WecomError(40031, 'invalid userid list');
  return v as string[];
}

/** Reads an unsigned integer field given as number or numeric string (the official samples use both). */
export function uint(body: Json, field: string, errcode: number): number {
  const v = body[field];
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new WecomError(errcode, `invalid ${field}`);
  return n;
}

/** starttime/endtime in Unix seconds: both > 0, end ≥ start, span ≤ maxSpanDays (else `errcode`). */
export function timeWindow(body: Json, maxSpanDays: number, errcode: number, allowEqual = true): { start: number; end: number } {
  const start = uint(body, 'starttime', errcode);
  const end = uint(body, 'endtime', errcode);
  if (start <= 0 || end <= 0 || end < start || (!allowEqual && end === start)) throw new WecomError(errcode, 'invalid time interval');
  if (end - start > maxSpanDays * 86_400) throw new WecomError(errcode, `time interval over ${maxSpanDays} days`);
  return { start, end };
}
