/**
 * Response shapes of the two families: oapi answers HTTP 200 with `errcode`/`errmsg`; v1.0
 * answers an HTTP error status with `{code, message, requestid}` (§1). Messages come from the
 * shared error table.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { oapiErrors, v1Errors, type OapiErrcode, type V1ErrorCode } from '../errors.js';

let seq = 0;
export function requestId(): string {
  seq = (seq + 1) % 0x7fffffff;
  return `sbx${seq.toString(36).padStart(10, '0')}`;
}

export function isV1(req: Request): boolean {
  return req.path.startsWith('/v1.0/');
}

/** `topapi` answers carry `request_id`; the older `/attendance/*` bodies do not (§11.1, §11.2). */
export function sendOapi(req: Request, res: Response, body: Record<string, unknown>): void {
  const withId = req.path.startsWith('/topapi/');
  res.json({ errcode: 0, errmsg: 'ok', ...body, ...(withId ? { request_id: requestId() } : {}) });
}

/** A failure of either family, thrown by handlers and rendered by `errorHandler`. */
export class ApiError extends Error {
  constructor(
    readonly oapi: OapiErrcode,
    readonly v1: V1ErrorCode,
    /** Replaces the table message (e.g. which parameter is wrong). */
    readonly detail?: string,
    readonly subCode?: string,
  ) {
    super(detail ?? oapiErrors[oapi].errmsg);
  }
}

/** Invalid request parameter in either family. */
export function badParam(message: string, v1: V1ErrorCode = 'invalidRequestParams'): ApiError {
  return new ApiError(40035, v1, message);
}

export function sendError(req: Request, res: Response, err: ApiError): void {
  if (isV1(req)) {
    const entry = v1Errors[err.v1];
    res.status(entry.status).json({ code: err.v1, message: err.detail ?? entry.message, requestid: requestId() });
    return;
  }
  res.json({
    errcode: err.oapi,
    errmsg: err.detail ?? oapiErrors[err.oapi].errmsg,
    ...(err.subCode ? { sub_code: err.subCode, sub_msg: err.detail ?? '' } : {}),
    request_id: requestId(),
  });
}

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) return next(err);
  if (err instanceof ApiError) return sendError(req, res, err);
  // express.json() parse failures and the like are the caller's fault.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return sendError(req, res, badParam('malformed request body'));
  res.status(500).json({ errcode: -1, errmsg: 'sandbox internal error' });
};
