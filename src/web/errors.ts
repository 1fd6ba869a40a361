import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toAppError } from '../errors.js';
import type { Logger } from '../log.js';

/** Unknown routes answer in the one error shape. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(new AppError('not_found', 'No such route.').toBody());
};

/** Maps every error to `{ error: { code, message } }` with the status from the error table. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const type = (err as { type?: string }).type;
    let appErr: AppError;
    if (type === 'entity.too.large') appErr = new AppError('payload_too_large');
    else if (type === 'entity.parse.failed') appErr = new AppError('bad_request', 'The body is not valid JSON.');
    else appErr = toAppError(err);
    if (appErr.status >= 500) logger.error({ err: appErr.cause ?? appErr, route: req.path }, 'request failed');
    res.status(appErr.status).json(appErr.toBody());
  };
}
