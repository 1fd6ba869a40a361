/**
 * Exponential backoff with full jitter: attempt n waits a random time up to base·2^(n−1),
 * capped, so retries of many items spread out instead of arriving together.
 */
export function backoffMs(attempt: number, random: number, baseMs = 30_000, capMs = 3_600_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
