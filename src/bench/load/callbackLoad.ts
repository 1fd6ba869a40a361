import { cannon, okPerSecond, type CannonResult } from './autocannon.js';
import { callbackPool, type PreparedRequest } from './callbackTraffic.js';

export interface CallbackLoadResult {
  result: CannonResult;
  perSecond: number;
  /** Requests handed to the connections (in flight at the end included). */
  sent: number;
  /** False when the pool ran out and event keys repeated (the web process then stored fewer rows). */
  unique: boolean;
}

/**
 * Callbacks from a pre-built pool, each request taking the next one, so every connection sends
 * different event keys (autocannon's own `requests` list would replay the same sequence on each).
 */
export async function callbackLoad(base: string, pool: readonly PreparedRequest[], seconds: number, connections = 10): Promise<CallbackLoadResult> {
  let next = 0;
  const result = await cannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const p = pool[next++ % pool.length] as PreparedRequest;
          return { ...req, method: p.method, path: p.path, headers: p.headers, body: p.body };
        },
      },
    ],
  });
  return { result, perSecond: okPerSecond(result), sent: next, unique: next <= pool.length };
}

/**
 * Measures callbacks for `seconds`: a short warm-up tells the rate, then a pool sized for 1.5× that
 * rate is built before the clock starts, so building requests never competes with sending them.
 */
export async function measuredCallbackLoad(base: string, seconds: number, tag: string, connections = 10): Promise<CallbackLoadResult> {
  const warm = await callbackLoad(base, callbackPool(20_000, Date.now(), `${tag}w`), 3, connections);
  const size = Math.min(400_000, Math.ceil(Math.max(warm.perSecond * 2, 3000) * seconds) + 1000);
  return callbackLoad(base, callbackPool(size, Date.now(), tag), seconds, connections);
}
