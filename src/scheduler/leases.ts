import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';

/**
 * Time-limited leases in the database decide which process runs which job: a holder renews its
 * lease while it works; a lease whose holder died expires and the next taker gets it. One atomic
 * UPDATE decides, so two processes never both believe they hold it.
 */
export class Leases {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly holder: string,
  ) {}

  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    await this.db('leases').insert({ name, holder: this.holder, expires_at: now + ttlMs, acquired_at: now }).onConflict('name').ignore();
    const updated = await this.db('leases')
      .where('name', name)
      .andWhere((q) => q.where('holder', this.holder).orWhere('expires_at', '<', now))
      .update({ holder: this.holder, expires_at: now + ttlMs, acquired_at: now });
    return updated === 1;
  }

  /** Extends a lease this process holds; false when it was lost (expired and taken). */
  async renew(name: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const updated = await this.db('leases').where({ name, holder: this.holder }).andWhere('expires_at', '>=', now).update({ expires_at: now + ttlMs });
    return updated === 1;
  }

  async release(name: string): Promise<void> {
    await this.db('leases').where({ name, holder: this.holder }).delete();
  }

  async holderOf(name: string): Promise<{ holder: string; expiresAt: number } | null> {
    const row = (await this.db('leases').where('name', name).first()) as { holder: string; expires_at: number } | undefined;
    return row === undefined || Number(row.expires_at) < this.clock.now() ? null : { holder: row.holder, expiresAt: Number(row.expires_at) };
  }
}
