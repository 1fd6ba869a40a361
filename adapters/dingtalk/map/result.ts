/**
 * DingTalk's own verdicts (`/attendance/list`, §5.1) → one `vendor_day_result` per user and work
 * date, kept for the reconciliation report (our computeDay vs. DingTalk's judgement).
 */
import { z } from 'zod';
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import { idLike, localDate, numLike } from './time.js';

type DayResultChange = Extract<LedgerChangeInput, { kind: 'vendor_day_result' }>;

const optText = z.string().optional().catch(undefined);

export const resultRowSchema = z.looseObject({
  id: idLike.optional(),
  userId: z.string().min(1),
  workDate: numLike,
  checkType: optText,
  timeResult: optText,
  locationResult: optText,
  sourceType: optText,
  baseCheckTime: numLike.optional().catch(undefined),
  userCheckTime: numLike.optional().catch(undefined),
  procInstId: optText,
});
export type RawResultRow = z.infer<typeof resultRowSchema>;

const EXCEPTIONS = new Set(['Late', 'SeriousLate', 'Absenteeism', 'Early', 'NotSigned']);

/** `absent` when no checkpoint was signed, `exception` when any is late/early/missing/outside, else `normal`. */
export function dayStatus(rows: readonly RawResultRow[]): string {
  if (rows.length > 0 && rows.every((r) => r.timeResult === 'NotSigned')) return 'absent';
  if (rows.some((r) => EXCEPTIONS.has(r.timeResult ?? '') || r.locationResult === 'Outside')) return 'exception';
  return 'normal';
}

/** Groups result rows by (user, local work date); checkpoints in time order. */
export function dayResultsFrom(rows: readonly RawResultRow[], zone: string): DayResultChange[] {
  const byDay = new Map<string, RawResultRow[]>();
  for (const r of rows) {
    const key = `${r.userId}\u0000${localDate(r.workDate, zone)}`;
    const list = byDay.get(key);
    if (list) list.push(r);
    else byDay.set(key, [r]);
  }
  const out: DayResultChange[] = [];
  for (const [key, list] of byDay) {
    const [userId = '', workDate = ''] = key.split('\u0000');
    list.sort((a, b) => (a.baseCheckTime ?? 0) - (b.baseCheckTime ?? 0) || String(a.id).localeCompare(String(b.id)));
    out.push({
      kind: 'vendor_day_result',
      externalUserId: userId,
      workDate,
      status: dayStatus(list),
      detail: list.map((r) => ({
        checkType: r.checkType ?? null,
        timeResult: r.timeResult ?? null,
        locationResult: r.locationResult ?? null,
        sourceType: r.sourceType ?? null,
        baseCheckTime: r.baseCheckTime ?? null,
        userCheckTime: r.userCheckTime ?? null,
        procInstId: r.procInstId ?? null,
      })),
    });
  }
  return out;
}
