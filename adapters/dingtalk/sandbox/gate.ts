/**
 * Front door of every vendor API call, in the order the real gateway applies them: count the
 * call, check the access token, the per-API QPS, the org's monthly quota, then (seeded) transient
 * faults. Handlers only run for admitted calls.
 */
import type { RequestHandler } from 'express';
import { DINGTALK_V1_TOKEN_HEADER, dingtalkApis, findDingtalkApi, type DingtalkApi } from '../descriptor.js';
import { ApiError, isV1, sendError } from './respond.js';
import type { SandboxState } from './state.js';

export function apiGate(state: SandboxState): RequestHandler {
  return (req, res, next) => {
    const name = findDingtalkApi(req.method, req.path);
    if (!name) return next();
    const api: DingtalkApi = dingtalkApis[name];
    const { limits, tokens } = state;
    limits.count(name);
    if (!api.anonymous) {
      const header = req.get(DINGTALK_V1_TOKEN_HEADER);
      const query = typeof req.query['access_token'] === 'string' ? req.query['access_token'] : undefined;
      const check = tokens.check(isV1(req) ? header : query);
      if (check !== 'ok') {
        // §2.4: the old API says 42001 for an expired token and 40014 for unknown or absent ones.
        return sendError(req, res, new ApiError(check === 'expired' ? 42001 : 40014, 'InvalidAuthentication'));
      }
    }
    if (!limits.admitQps(name)) return sendError(req, res, new ApiError(90018, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'));
    if (!api.quotaExempt && limits.quotaExhausted()) return sendError(req, res, new ApiError(90020, 'Forbidden.AccessDenied.ApiCountLimitForOrg'));
    if (limits.fault()) return sendError(req, res, new ApiError(-1, 'system.busy'));
    if (!api.quotaExempt) limits.consumeQuota();
    next();
  };
}
