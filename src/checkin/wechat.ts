import { z } from 'zod';
import { VendorError, type VendorAction } from '../http/vendorError.js';

/**
 * The WeChat mini-program login exchange (checkin.md §1): `wx.login` code → openid through
 * `sns/jscode2session`. The answer's `session_key` is a secret this service has no use for:
 * it is dropped here and never stored, logged or returned.
 */

/** The mini-program settings (config `wechat`, from WECHAT_APP_ID / WECHAT_APP_SECRET / WECHAT_API_BASE). */
export interface WechatConfig {
  appId: string;
  secret: string;
  apiBase: string;
}

const answer = z.looseObject({ openid: z.string().min(1).optional(), errcode: z.number().optional(), errmsg: z.string().optional() });

/** The documented errors: -1 busy, 45011 rate limit; 40029 invalid code, 40226 high-risk user and the rest fail. */
function actionOf(errcode: number): VendorAction {
  if (errcode === -1) return 'retry';
  return errcode === 45011 ? 'rate_limited' : 'fail';
}

const TIMEOUT_MS = 5000;

export async function exchangeWechatCode(cfg: WechatConfig, code: string): Promise<string> {
  const url = new URL(`${cfg.apiBase}/sns/jscode2session`);
  url.search = new URLSearchParams({ appid: cfg.appId, secret: cfg.secret, js_code: code, grant_type: 'authorization_code' }).toString();
  let body: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new VendorError('wechat', 'jscode2session', `http_${res.status}`, 'unexpected HTTP status', res.status >= 500 ? 'retry' : 'fail');
    body = await res.json();
  } catch (err) {
    if (err instanceof VendorError) throw err;
    throw new VendorError('wechat', 'jscode2session', 'network', (err as Error).name, 'retry');
  }
  const parsed = answer.safeParse(body);
  if (!parsed.success) throw new VendorError('wechat', 'jscode2session', 'malformed', 'the answer does not parse', 'fail');
  const { errcode, errmsg, openid } = parsed.data;
  if (errcode !== undefined && errcode !== 0) throw new VendorError('wechat', 'jscode2session', errcode, errmsg ?? '', actionOf(errcode));
  if (openid === undefined) throw new VendorError('wechat', 'jscode2session', 'no_openid', 'the answer carries no openid', 'fail');
  return openid;
}
