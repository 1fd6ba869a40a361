import type { WecomApiName } from './descriptor.js';

/** What a caller does with an errcode: continue, retry with backoff, wait for the window, refresh the token, or stop. */
export type WecomAction = 'ok' | 'retry' | 'rate_limited' | 'refresh_token' | 'fail';

export interface WecomErrorInfo {
  action: WecomAction;
  meaning: string;
}

/** errcode → action (docs/wecom.md §9). Codes not listed fail: guessing a retry could loop forever. */
export const wecomErrorTable: Readonly<Record<number, WecomErrorInfo>> = {
  [-1]: { action: 'retry', meaning: 'system busy' },
  0: { action: 'ok', meaning: 'ok' },
  6000: { action: 'retry', meaning: 'data version conflict' },
  40001: { action: 'refresh_token', meaning: 'invalid secret or credential' },
  40003: { action: 'fail', meaning: 'invalid userid' },
  40013: { action: 'fail', meaning: 'invalid corpid' },
  40014: { action: 'refresh_token', meaning: 'invalid access_token' },
  40029: { action: 'fail', meaning: 'invalid oauth code' },
  40031: { action: 'fail', meaning: 'invalid userid list' },
  40032: { action: 'fail', meaning: 'invalid userid list length' },
  40035: { action: 'fail', meaning: 'invalid parameter' },
  40056: { action: 'fail', meaning: 'invalid agentid' },
  40057: { action: 'fail', meaning: 'callback url invalid or verification failed' },
  40058: { action: 'fail', meaning: 'invalid parameter (json, length, required field, method)' },
  40082: { action: 'fail', meaning: 'invalid suite_token' },
  41001: { action: 'fail', meaning: 'access_token missing (must be in the url)' },
  41004: { action: 'fail', meaning: 'secret missing' },
  42001: { action: 'refresh_token', meaning: 'access_token expired' },
  42009: { action: 'refresh_token', meaning: 'suite_access_token expired' },
  45009: { action: 'rate_limited', meaning: 'api call frequency limit exceeded' },
  45029: { action: 'fail', meaning: 'response too large' },
  45033: { action: 'rate_limited', meaning: 'api concurrency limit exceeded' },
  48001: { action: 'fail', meaning: 'api not authorised' },
  48002: { action: 'fail', meaning: 'api forbidden for this secret' },
  50002: { action: 'fail', meaning: 'member outside the app permission scope' },
  60011: { action: 'fail', meaning: 'no permission on member, department or tag' },
  60020: { action: 'fail', meaning: 'ip not in the trusted ip list' },
  60021: { action: 'fail', meaning: 'userid outside app visibility' },
  60111: { action: 'fail', meaning: 'userid not found' },
  60123: { action: 'fail', meaning: 'invalid department id' },
  301022: { action: 'retry', meaning: 'checkin data fetch failed (system)' },
  301023: { action: 'fail', meaning: 'useridlist empty or over 100' },
  301024: { action: 'fail', meaning: 'checkin time interval out of range' },
  301025: { action: 'fail', meaning: 'approval parameter error' },
  301026: { action: 'retry', meaning: 'approval internal failure' },
  301055: { action: 'fail', meaning: 'no approval (data) permission' },
  301056: { action: 'fail', meaning: 'approval app disabled' },
  301057: { action: 'retry', meaning: 'approval submit internal failure' },
  301062: { action: 'fail', meaning: 'vacation: no permission' },
  301063: { action: 'fail', meaning: 'vacation: parameter error' },
  301064: { action: 'retry', meaning: 'vacation: internal error' },
  301073: { action: 'fail', meaning: 'schedule can only be set for future dates' },
  301079: { action: 'fail', meaning: 'approval leave time conflict' },
  301080: { action: 'fail', meaning: 'punch correction: no such scheduled punch point' },
  301081: { action: 'fail', meaning: 'punch correction: time outside the allowed window' },
  301082: { action: 'fail', meaning: 'punch correction: not a workday' },
  301083: { action: 'fail', meaning: 'punch correction/record: invalid parameters' },
  301086: { action: 'fail', meaning: 'parameter error' },
  301098: { action: 'fail', meaning: 'member not in the vacation scope' },
};

export interface WecomClassification extends WecomErrorInfo {
  errcode: number;
}

/**
 * Classifies an errcode returned by `api`. 40001 from gettoken itself means a wrong or reset
 * secret: refreshing would call gettoken again with the same secret, so it fails instead.
 */
export function classify(errcode: number, api?: WecomApiName): WecomClassification {
  const info = wecomErrorTable[errcode] ?? { action: 'fail' as const, meaning: 'unknown errcode' };
  if (errcode === 40001 && api === 'gettoken') return { errcode, action: 'fail', meaning: 'wrong secret, reset secret or disabled app' };
  return { errcode, ...info };
}

/** Default errmsg for an errcode, as the sandbox answers it. */
export function errmsgOf(errcode: number): string {
  return errcode === 0 ? 'ok' : (wecomErrorTable[errcode]?.meaning ?? 'error');
}
