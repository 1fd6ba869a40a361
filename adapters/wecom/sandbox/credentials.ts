import { createHash } from 'node:crypto';

export interface WecomCredentials {
  corpId: string;
  secret: string;
  agentId: string;
  callbackToken: string;
  encodingAesKey: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `len` characters of [A-Za-z0-9] derived from (seed, label): stable per seed, unrelated across labels. */
function derive(seed: number, label: string, len: number): string {
  let out = '';
  for (let block = 0; out.length < len; block++) {
    const bytes = createHash('sha256').update(`wecom-sandbox:${seed}:${label}:${block}`).digest();
    for (const b of bytes) if (out.length < len) out += ALNUM[b % ALNUM.length];
  }
  return out;
}

/** Sandbox tenant settings, deterministic from the seed (same seed → same env lines). */
export function sandboxCredentials(seed: number): WecomCredentials {
  const hex = createHash('sha256').update(`wecom-sandbox:${seed}:corp`).digest('hex');
  return {
    corpId: `ww${hex.slice(0, 16)}`,
    secret: derive(seed, 'secret', 43),
    agentId: String(1_000_002 + (Math.abs(seed) % 1000)),
    callbackToken: derive(seed, 'token', 16),
    encodingAesKey: derive(seed, 'aes', 43),
  };
}
