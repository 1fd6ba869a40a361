/**
 * DingTalk's punch results (`/attendance/list`, §5.1) kept for reconciliation: one page per
 * 50 users × 7 work dates, paged with offset/limit inside the page so a user-day is never split.
 * Its minimum is a lower bound: each cell takes one call per 50 rows.
 */
import type { StreamDef } from '../../../src/vendor/contract.js';
import { listResults, RESULT_PAGE } from '../client-api.js';
import type { DingtalkClient } from '../client.js';
import { dingtalkApis } from '../descriptor.js';
import { dayResultsFrom, type RawResultRow } from '../map/result.js';
import { gridStream, type GridCursor } from './plan.js';

const { maxUsers, maxDays } = dingtalkApis.attendanceList.limits;

export function resultsStream(client: DingtalkClient): StreamDef<GridCursor> {
  return gridStream({
    name: 'results',
    urgent: false,
    usersPerCall: maxUsers,
    daysPerCall: maxDays,
    async fetchCell(cell, meter) {
      const rows: RawResultRow[] = [];
      // Offsets step by the page size, as documented (0, then previous offset + limit).
      for (let offset = 0; ; offset += RESULT_PAGE) {
        const page = await listResults(client, cell.users, cell.from, cell.to, offset, { meter });
        rows.push(...page.rows);
        if (!page.more || page.rows.length === 0) break;
      }
      return dayResultsFrom(rows, client.timezone);
    },
  });
}
