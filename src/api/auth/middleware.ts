import type { RequestHandler, Response } from 'express';
import type { Clock } from '../../clock.js';
import { AppError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';
import type { Principal, Role } from './roles.js';
import { resolveToken } from './tokens.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Resolves `Authorization: Bearer …` into `res.locals.principal`; anything else is 401 with one message. */
export function authenticate(db: Db, clock: Clock): RequestHandler {
  return async (req, res, next) => {
    const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
    const principal = token === undefined ? null : await resolveToken(db, token, clock.now());
    if (principal === null) throw new AppError('unauthenticated', 'A valid bearer token is required.');
    res.locals.principal = principal;
    next();
  };
}

/** 403 unless the authenticated principal has one of `roles`. */
export function requireRole(roles: readonly Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!roles.includes(principalOf(res).role)) throw new AppError('forbidden');
    next();
  };
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (p === undefined) throw new AppError('unauthenticated');
  return p;
}
