/**
 * Delivery of HTTP-push events to the configured callback URL (§8.2–§8.4): encrypted with the
 * app key as owner, signed in the query, judged by the encrypted `success` answer. A failed push
 * is retried after 10 s and 30 s more; then it goes to the failed list.
 */
import { dingtalkLimits } from '../descriptor.js';
import { encodeCallback, isValidAck, type DingtalkCallbackConfig } from '../codec.js';
import type { SandboxEvent } from './events.js';
import type { SandboxState } from './state.js';

/** Per-attempt answer deadline; the docs only state one for check_url (1.5–2.5 s), so be lenient. */
const ATTEMPT_TIMEOUT_MS = 5000;
const CONCURRENCY = 8;

export function callbackConfig(s: SandboxState): DingtalkCallbackConfig {
  return { token: s.cred.callbackToken, aesKey: s.cred.callbackAesKey, ownerKey: s.cred.appKey };
}

async function attempt(s: SandboxState, url: string, e: SandboxEvent): Promise<boolean> {
  const cfg = callbackConfig(s);
  const push = encodeCallback(cfg, e.payload, s.clock.now());
  const target = new URL(url);
  for (const [k, v] of Object.entries(push.query)) target.searchParams.set(k, v);
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(push.body),
      signal: AbortSignal.timeout(e.tag === 'check_url' ? dingtalkLimits.callbackAckMs * 2 : ATTEMPT_TIMEOUT_MS),
    });
    if (res.status !== 200) return false;
    return isValidAck(cfg, await res.json().catch(() => undefined));
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function deliverOne(s: SandboxState, url: string, e: SandboxEvent): Promise<boolean> {
  const delays = s.opts.pushRetryDelaysMs ?? dingtalkLimits.callbackRetryDelaysMs;
  if (await attempt(s, url, e)) return true;
  for (const d of delays) {
    await sleep(d);
    if (await attempt(s, url, e)) return true;
  }
  s.failedPushes.push(e);
  return false;
}

/** Delivers in time order with a small worker pool; returns how many were acknowledged. */
export async function deliver(s: SandboxState, url: string, events: readonly SandboxEvent[]): Promise<{ delivered: number; failed: number }> {
  let next = 0;
  let delivered = 0;
  const worker = async (): Promise<void> => {
    while (next < events.length) {
      const e = events[next++];
      if (e && (await deliverOne(s, url, e))) delivered++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, events.length) }, worker));
  return { delivered, failed: events.length - delivered };
}
