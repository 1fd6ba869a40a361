/**
 * Raw punches (`/attendance/listRecord`, §5.2): 50 users × 7 days per call, walked day chunk by
 * day chunk over the ledger's sorted user ids, one call per page, so a range costs exactly
 * ceil(users/50)·ceil(days/7) calls. Urgent: keeps running near the monthly budget.
 */
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef } from '../../../src/vendor/contract.js';
import { listRecords } from '../client-api.js';
import type { CallMeter, DingtalkClient } from '../client.js';
import { dingtalkApis } from '../descriptor.js';
import { punchFromRecord } from '../map/punch.js';
import { addDays, startOfDay } from '../map/time.js';
import { gridDone, gridFinished, gridFresh, gridMinimum, nextCell, startDated, type GridCursor } from './plan.js';

const { maxUsers: USERS, maxDays: DAYS } = dingtalkApis.attendanceListRecord.limits;
/** listRecord keeps 180 days (§5.2). */
export const RECORD_RETENTION_DAYS = 180;

export function punchesStream(client: DingtalkClient): StreamDef<GridCursor> {
  const zone = client.timezone;
  return {
    name: 'punches',
    urgent: true,
    start: (input) => startDated(input, gridFresh, gridFinished, addDays(input.today, -(RECORD_RETENTION_DAYS - 1))),
    minimumCalls: (range, users) => gridMinimum(range, users, USERS, DAYS),
    async fetchPage(cursor, ctx) {
      const cell = await nextCell(cursor, ctx, USERS, DAYS);
      if (!cell) return { changes: [], next: gridDone(cursor), done: true, calls: 0 };
      const meter: CallMeter = { calls: 0 };
      // Time-precise window: from the first day's 00:00:00 to the last day's 23:59:59.
      const records = await listRecords(client, cell.users, startOfDay(cell.from, zone), startOfDay(addDays(cell.to, 1), zone) - 1000, { urgent: true, meter });
      const changes: LedgerChangeInput[] = [];
      for (const r of records) {
        const p = punchFromRecord(r);
        if (p) changes.push(p);
      }
      return { changes, next: cell.next, done: cell.last, calls: meter.calls };
    },
  };
}
