import { randomBytes } from 'node:crypto';
import { encodeCallback } from '../../../adapters/dingtalk/codec.js';
import { encodeEvent } from '../../../adapters/wecom/codec.js';

/**
 * Callback settings of one WeCom and one DingTalk tenant with known keys, passed to the web
 * process through the single-tenant variables. The API bases point at a closed loopback port:
 * the web role never calls a vendor, and if it did, the bench would see it fail.
 */
export const BENCH_CALLBACKS = {
  wecom: { corpId: 'wwbench0000000001', token: 'BenchToken01', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', secret: 'bench-wecom-secret' },
  dingtalk: { corpId: 'dingbench00000001', appKey: 'dingbenchappkey01', appSecret: 'bench-dingtalk-secret', token: 'BenchToken02', aesKey: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg' },
} as const;

export const CALLBACK_PATHS = { wecom: '/callbacks/wecom/default', dingtalk: '/callbacks/dingtalk/default-dingtalk' } as const;

export function callbackTenantEnv(): Record<string, string> {
  const w = BENCH_CALLBACKS.wecom;
  const d = BENCH_CALLBACKS.dingtalk;
  return {
    WECOM_CORP_ID: w.corpId,
    WECOM_SECRET: w.secret,
    WECOM_API_BASE: 'http://127.0.0.1:9',
    WECOM_CALLBACK_TOKEN: w.token,
    WECOM_CALLBACK_AES_KEY: w.encodingAesKey,
    DINGTALK_CORP_ID: d.corpId,
    DINGTALK_APP_KEY: d.appKey,
    DINGTALK_APP_SECRET: d.appSecret,
    DINGTALK_API_BASE: 'http://127.0.0.1:9',
    DINGTALK_API_V1_BASE: 'http://127.0.0.1:9',
    DINGTALK_CALLBACK_TOKEN: d.token,
    DINGTALK_CALLBACK_AES_KEY: d.aesKey,
  };
}

/** One ready-to-send HTTP request: path with its query, headers and body. */
export interface PreparedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The inbox key the web process will store it under. */
  eventKey: string;
}

const qs = (q: Record<string, string>): string => new URLSearchParams(q).toString();

/** A WeCom approval-state callback (XML, encrypted, signed) whose dedupe key is unique for `n`. */
export function wecomCallback(n: number, nowMs: number, tag = 'b'): PreparedRequest {
  const w = BENCH_CALLBACKS.wecom;
  const created = Math.floor(nowMs / 1000);
  const spNo = `${tag}${n}`;
  const fields = {
    ToUserName: w.corpId, FromUserName: 'sys', CreateTime: created, MsgType: 'event', Event: 'sys_approval_change', AgentID: 1000002,
    ApprovalInfo: { SpNoStr: spNo, SpNo: spNo, SpName: '请假', SpStatus: 2, TemplateId: 'tpl-leave', ApplyTime: created, Applyer: { UserId: `u${n % 1000}`, Party: '1' }, StatuChangeEvent: 2 },
  };
  const enc = encodeEvent(fields, { token: w.token, encodingAesKey: w.encodingAesKey, corpId: w.corpId }, created, randomBytes(6).toString('hex'));
  return {
    method: 'POST',
    path: `${CALLBACK_PATHS.wecom}?${qs(enc.query)}`,
    headers: { 'content-type': enc.contentType },
    body: enc.body,
    eventKey: `sys_approval_change:${spNo}:2:2:${created}`,
  };
}

/** A DingTalk punch event (JSON, encrypted, signed) with a unique `eventId`. */
export function dingtalkCallback(n: number, nowMs: number, tag = 'b'): PreparedRequest {
  const d = BENCH_CALLBACKS.dingtalk;
  const eventId = `${tag}-evt-${n}`;
  const event = { EventType: 'attendance_check_record', eventId, corpId: d.corpId, dataList: [{ userId: `u${n % 1000}`, checkTime: nowMs - 60_000, locationResult: 'Normal' }] };
  const push = encodeCallback({ token: d.token, aesKey: d.aesKey, ownerKey: d.appKey }, event, nowMs);
  return { method: 'POST', path: `${CALLBACK_PATHS.dingtalk}?${qs(push.query)}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(push.body), eventKey: eventId };
}

/** `count` callbacks, alternating vendors, every one with its own event key. */
export function callbackPool(count: number, nowMs: number, tag = 'b'): PreparedRequest[] {
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? wecomCallback(i, nowMs, tag) : dingtalkCallback(i, nowMs, tag)));
}

/** Sends one prepared request with a deadline; returns the status and how long the answer took. */
export async function sendPrepared(base: string, req: PreparedRequest, timeoutMs = 5000): Promise<{ status: number; ms: number; body: string }> {
  const start = performance.now();
  try {
    const res = await fetch(`${base}${req.path}`, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - start, body };
  } catch {
    // No answer within the deadline (or the connection failed): status 0.
    return { status: 0, ms: performance.now() - start, body: '' };
  }
}
