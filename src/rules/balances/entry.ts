import { z } from 'zod';
import { isoDateSchema } from '../calendar/types.js';

export const BALANCE_ENTRY_TYPES = ['earn', 'spend', 'expire', 'adjust', 'refund'] as const;
export type BalanceEntryType = (typeof BALANCE_ENTRY_TYPES)[number];

/** How many minutes of one credit entry ("lot") a debit took, or a refund gave back. Always positive. */
export const allocationSchema = z.object({
  earnEntryId: z.string().min(1),
  minutes: z.number().int().positive(),
});
export type Allocation = z.infer<typeof allocationSchema>;

/**
 * One append-only row of the `balances` ledger. Credits (earn, refund, positive adjust) have
 * minutes > 0; debits (spend, expire, negative adjust) minutes < 0. Earn entries and positive
 * adjustments are lots that debits draw on; allocations say which lots.
 */
export const balanceEntrySchema = z
  .object({
    id: z.string().min(1),
    employeeId: z.string().min(1),
    /** `time_off` (调休), `annual`, … */
    kind: z.string().min(1),
    type: z.enum(BALANCE_ENTRY_TYPES),
    minutes: z.number().int(),
    effectiveOn: isoDateSchema,
    /** Last day the minutes can be used; null = never expires. Meaningful on lots only. */
    expiresOn: isoDateSchema.nullable(),
    /** Idempotency key: one entry per key, e.g. `ot:<employee>:<date>`, `req:<requestId>`. */
    sourceKey: z.string().min(1),
    allocations: z.array(allocationSchema).optional(),
  })
  .superRefine((e, ctx) => {
    const signOk = { earn: e.minutes > 0, refund: e.minutes > 0, spend: e.minutes < 0, expire: e.minutes < 0, adjust: e.minutes !== 0 }[e.type];
    if (!signOk) ctx.addIssue({ code: 'custom', path: ['minutes'], message: `wrong sign for a ${e.type} entry: ${e.minutes}` });
    if (e.allocations) {
      const sum = e.allocations.reduce((s, a) => s + a.minutes, 0);
      if (sum !== Math.abs(e.minutes)) {
        ctx.addIssue({ code: 'custom', path: ['allocations'], message: `allocations add up to ${sum}, not ${Math.abs(e.minutes)}` });
      }
    }
    if (e.type === 'refund' && !e.allocations) {
      ctx.addIssue({ code: 'custom', path: ['allocations'], message: 'a refund must say which lots it restores' });
    }
  });
export type BalanceEntry = z.infer<typeof balanceEntrySchema>;

/** Earn entries and positive adjustments: the lots that debits draw on. */
export function isLot(e: BalanceEntry): boolean {
  return (e.type === 'earn' || e.type === 'adjust') && e.minutes > 0;
}

export function isDebit(e: BalanceEntry): boolean {
  return e.minutes < 0;
}

export function findBySourceKey(entries: readonly BalanceEntry[], sourceKey: string): BalanceEntry | undefined {
  return entries.find((e) => e.sourceKey === sourceKey);
}
