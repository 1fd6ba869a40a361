import { createHash } from 'node:crypto';

/**
 * Internal ids derived from natural keys, so that every source computes the same id for the same
 * thing without a lookup, and replays are idempotent.
 */
export function employeeIdFor(tenantId: string, externalUserId: string): string {
  return `e_${createHash('sha256').update(`${tenantId}\u0000${externalUserId}`).digest('hex').slice(0, 24)}`;
}

export function scopedId(tenantId: string, externalId: string): string {
  return `${tenantId}:${externalId}`;
}
