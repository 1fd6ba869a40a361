/** Deterministic sandbox credentials: the same seed always prints the same DINGTALK_* settings. */
import { createHash } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` alphanumeric characters derived from (seed, label). */
function derive(seed: number, label: string, n: number, alphabet = ALNUM): string {
  let out = '';
  for (let block = 0; out.length < n; block++) {
    const digest = createHash('sha256').update(`dingtalk-sandbox:${seed}:${label}:${block}`).digest();
    for (const byte of digest) {
      if (out.length >= n) break;
      out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export interface DingtalkCredentials {
  corpId: string;
  appKey: string;
  appSecret: string;
  callbackToken: string;
  /** 43 characters, as the console generates. */
  callbackAesKey: string;
}

export function sandboxCredentials(seed: number): DingtalkCredentials {
  const lowerHex = '0123456789abcdef';
  const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return {
    corpId: `ding${derive(seed, 'corp', 16, lowerHex)}`,
    appKey: `ding${derive(seed, 'appkey', 16, lowerAlnum)}`,
    appSecret: derive(seed, 'appsecret', 64),
    callbackToken: derive(seed, 'cbtoken', 16),
    callbackAesKey: derive(seed, 'aeskey', 43),
  };
}
