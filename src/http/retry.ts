import pRetry, { AbortError } from 'p-retry';
import { VendorError } from './vendorError.js';

export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 5, minTimeoutMs: 500, maxTimeoutMs: 30_000 };

function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ERR_BAD_RESPONSE', 'ENOTFOUND'].includes(code);
}

/**
 * Calls `attempt` until it succeeds. Transient vendor errors and network failures back off
 * exponentially with jitter; a refused token is refreshed (by `onTokenRefused`) and retried once
 * without waiting; anything else fails at once.
 */
export async function withRetry<T>(attempt: () => Promise<T>, onTokenRefused: (err: VendorError) => void, policy: RetryPolicy = defaultRetryPolicy): Promise<T> {
  let refreshed = false;
  const once = async (): Promise<T> => {
    for (;;) {
      try {
        return await attempt();
      } catch (err) {
        if (err instanceof VendorError && err.action === 'refresh_token' && !refreshed) {
          refreshed = true;
          onTokenRefused(err);
          continue;
        }
        if ((err instanceof VendorError && err.transient) || (!(err instanceof VendorError) && isNetworkError(err))) throw err;
        throw new AbortError(err instanceof Error ? err : new Error(String(err)));
      }
    }
  };
  return pRetry(once, { retries: policy.retries, minTimeout: policy.minTimeoutMs, maxTimeout: policy.maxTimeoutMs, randomize: true, factor: 2 });
}
