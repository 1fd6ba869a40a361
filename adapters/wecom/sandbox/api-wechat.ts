import { createHash } from 'node:crypto';
import type { Request, Router } from 'express';
import type { WecomSandboxState } from './state.js';

/**
 * The WeChat mini-program login exchange (checkin.md §1), served by the WeCom sandbox:
 * `/__sandbox/wx-login` plays `wx.login` (issues a code), `GET /sns/jscode2session` exchanges it
 * like api.weixin.qq.com: HTTP 200 with `{openid, session_key}` or `{errcode, errmsg}`.
 */

const CODE_TTL_MS = 5 * 60_000;
/** jscode2session allows 100 calls a minute per user. */
const PER_USER_PER_MINUTE = 100;

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The mini-program's appid and secret, derived from the company seed like the corp credentials. */
export function wechatCredentials(seed: number): { appId: string; secret: string } {
  return { appId: `wx${sha(`wechat-app:${seed}`).slice(0, 16)}`, secret: sha(`wechat-secret:${seed}`).slice(0, 32) };
}

/** The openid a seeded user has in the mini-program (stable, like WeChat's per-app openid). */
export function wechatOpenid(seed: number, userid: string): string {
  return `o${sha(`openid:${seed}:${userid}`).slice(0, 27)}`;
}

function param(req: Request, name: string): string | undefined {
  const q = (req.query as Record<string, unknown>)[name];
  if (typeof q === 'string') return q;
  if (typeof req.body !== 'string' || req.body.trim() === '') return undefined;
  try {
    const v = (JSON.parse(req.body) as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function mountWechat(router: Router, state: WecomSandboxState): void {
  const seed = state.company.seed;
  const creds = wechatCredentials(seed);
  const codes = new Map<string, { openid: string; expiresAt: number }>();
  const risky = new Set<string>();
  const calls = new Map<string, { minute: number; n: number }>();
  let issued = 0;

  // wx.login for a seeded user (`userid`) or any openid (a guest); `risky=1` marks the user high-risk (40226).
  router.all('/__sandbox/wx-login', (req, res) => {
    const userid = param(req, 'userid');
    if (userid !== undefined && !state.employees.has(userid)) {
      res.status(400).json({ error: 'unknown userid' });
      return;
    }
    const openid = userid !== undefined ? wechatOpenid(seed, userid) : param(req, 'openid');
    if (openid === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(openid)) {
      res.status(400).json({ error: 'userid or openid required' });
      return;
    }
    if (param(req, 'risky') === '1') risky.add(openid);
    const code = sha(`wx-code:${seed}:${++issued}:${openid}`).slice(0, 32);
    codes.set(code, { openid, expiresAt: state.now() + CODE_TTL_MS });
    res.json({ code, openid, appId: creds.appId, expires_in: CODE_TTL_MS / 1000 });
  });

  router.get('/sns/jscode2session', (req, res) => {
    state.calls['/sns/jscode2session'] = (state.calls['/sns/jscode2session'] ?? 0) + 1;
    const fail = (errcode: number, errmsg: string) => res.status(200).json({ errcode, errmsg });
    const now = state.now();
    if (param(req, 'appid') !== creds.appId) return fail(40013, 'invalid appid');
    if (param(req, 'secret') !== creds.secret) return fail(40125, 'invalid appsecret');
    if (param(req, 'grant_type') !== 'authorization_code') return fail(40002, 'invalid grant_type');
    const code = param(req, 'js_code') ?? '';
    const entry = codes.get(code);
    // One-time and short-lived: a reused, expired or unknown code is 40029.
    codes.delete(code);
    if (entry === undefined || entry.expiresAt <= now) return fail(40029, 'invalid code');
    const minute = Math.floor(now / 60_000);
    const c = calls.get(entry.openid);
    const n = c !== undefined && c.minute === minute ? c.n + 1 : 1;
    calls.set(entry.openid, { minute, n });
    if (n > PER_USER_PER_MINUTE) return fail(45011, 'api minute-quota reach limit, mustslower retry next minute');
    if (risky.has(entry.openid)) return fail(40226, 'invalid user, high risk user');
    res.status(200).json({ openid: entry.openid, session_key: Buffer.from(sha(`session:${code}`).slice(0, 16)).toString('base64') });
  });
}
