import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The dynamic event QR (checkin.md §3): stateless, so a scan needs no store lookup. Window
 * w = floor(unixSeconds / 60); the token carries the event id, w and a truncated HMAC-SHA256 over
 * both with the event's secret; the 6-digit code is the same HMAC by RFC 4226 dynamic truncation.
 * The current and the previous window are accepted (scan latency), nothing else.
 */

export const WINDOW_SECONDS = 60;
/** 128 bits of MAC: forging is out of reach, and the QR stays small. */
const MAC_BYTES = 16;
/** Codes from this many windows back are answered "expired" rather than "invalid". */
const RECENT_WINDOWS = 60;

export const windowOf = (nowMs: number): number => Math.floor(nowMs / 1000 / WINDOW_SECONDS);

function hmac(secret: string, eventId: string, w: number): Buffer {
  return createHmac('sha256', secret).update(`${eventId}\u0000${w}`).digest();
}

export function tokenFor(secret: string, eventId: string, w: number): string {
  return `${eventId}.${w}.${hmac(secret, eventId, w).subarray(0, MAC_BYTES).toString('base64url')}`;
}

/** RFC 4226 §5.3 dynamic truncation of an HMAC to 6 digits. */
export function truncateToCode(h: Buffer): string {
  const offset = (h[h.length - 1] as number) & 0x0f;
  const bin = (((h[offset] as number) & 0x7f) << 24) | ((h[offset + 1] as number) << 16) | ((h[offset + 2] as number) << 8) | (h[offset + 3] as number);
  return String(bin % 1_000_000).padStart(6, '0');
}

export function codeFor(secret: string, eventId: string, w: number): string {
  return truncateToCode(hmac(secret, eventId, w));
}

export type QrCheck = { ok: true; w: number } | { ok: false; reason: 'expired' | 'invalid' };

const same = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A scanned token: valid for this event and window w or w − 1; a genuine older one is expired; anything else invalid. */
export function checkToken(secret: string, eventId: string, token: string, nowMs: number): QrCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid' };
  const [id, wText] = parts as [string, string, string];
  if (id !== eventId || !/^\d{1,12}$/.test(wText)) return { ok: false, reason: 'invalid' };
  const w = Number(wText);
  if (!same(tokenFor(secret, eventId, w), token)) return { ok: false, reason: 'invalid' };
  const current = windowOf(nowMs);
  return w === current || w === current - 1 ? { ok: true, w } : { ok: false, reason: w < current ? 'expired' : 'invalid' };
}

/** A typed 6-digit code: the current or previous window's; a recent older one is expired. */
export function checkCode(secret: string, eventId: string, code: string, nowMs: number): QrCheck {
  const current = windowOf(nowMs);
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'invalid' };
  for (const w of [current, current - 1]) if (same(codeFor(secret, eventId, w), code)) return { ok: true, w };
  for (let w = current - 2; w > current - RECENT_WINDOWS; w--) if (same(codeFor(secret, eventId, w), code)) return { ok: false, reason: 'expired' };
  return { ok: false, reason: 'invalid' };
}
