/**
 * Raw punches (`/attendance/listRecord`, §5.2): 50 users × 7 days per call, walked day chunk by
 * day chunk over the ledger's sorted user ids, one call per page, so a range costs exactly
 * ceil(users/50)·ceil(days/7) calls. Urgent: keeps running near the monthly budget.
 */
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef } from '../../../src/vendor/contract.js';
import { listRecords } from '../client-api.js';
import type { DingtalkClient } from '../client.js';
import { dingtalkApis } from '../descriptor.js';
import { punchFromRecord } from '../map/punch.js';
import { addDays, startOfDay } from '../map/time.js';
import { gridStream, type GridCursor } from './plan.js';

const { maxUsers, maxDays } = dingtalkApis.attendanceListRecord.limits;

export function punchesStream(client: DingtalkClient): StreamDef<GridCursor> {
  const zone = client.timezone;
  return gridStream({
    name: 'punches',
    urgent: true,
    usersPerCall: maxUsers,
    daysPerCall: maxDays,
    async fetchCell(cell, meter) {
      // Time-precise window: from the first day's 00:00:00 to the last day's 23:59:59.
      const records = await listRecords(client, cell.users, startOfDay(cell.from, zone), startOfDay(addDays(cell.to, 1), zone) - 1000, { urgent: true, meter });
      return records.map(punchFromRecord).filter((p): p is Extract<LedgerChangeInput, { kind: 'punch' }> => p !== null);
    },
  });
}
