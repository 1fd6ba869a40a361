import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { DayData } from '../client-schemas.js';
import { dateOfSec } from './time.js';

type VendorDayResult = Extract<LedgerChangeInput, { kind: 'vendor_day_result' }>;

/** Daily-report exception codes (§10): 1 迟到, 2 早退, 3 缺卡, 4 旷工, 5 地点异常, 6 设备异常. */
const ABSENT = 4;

/** The vendor's verdict for the day, in the ledger's words, for the reconciliation report. */
export function dayStatus(d: DayData): string {
  const exceptions = d.exception_infos.filter((e) => e.count > 0);
  if (exceptions.some((e) => e.exception === ABSENT)) return 'absent';
  if (exceptions.length > 0) return 'exception';
  const punches = Number((d.summary_info as { checkin_count?: unknown } | undefined)?.checkin_count ?? 0);
  if (d.base_info.day_type === 1) return 'rest';
  if (d.sp_items.some((s) => s.type === 1 && s.count > 0) && punches === 0) return 'leave';
  return 'normal';
}

/** getcheckin_daydata row → vendor_day_result (kept beside our own results, never used to compute them). */
export function mapDayResult(d: DayData, zone: string): VendorDayResult {
  return {
    kind: 'vendor_day_result',
    externalUserId: d.base_info.acctid,
    workDate: dateOfSec(d.base_info.date, zone),
    status: dayStatus(d),
    detail: {
      base_info: d.base_info,
      summary_info: d.summary_info ?? null,
      exception_infos: d.exception_infos,
      ot_info: d.ot_info ?? null,
      sp_items: d.sp_items.filter((s) => s.count > 0),
      sp_numbers: d.holiday_infos.flatMap((h) => (h.sp_number ? [h.sp_number] : [])),
    },
  };
}
