/**
 * DingTalk's punch results (`/attendance/list`, §5.1) kept for reconciliation: one page per
 * 50 users × 7 work dates, paged with offset/limit inside the page so a user-day is never split.
 */
import type { StreamDef } from '../../../src/vendor/contract.js';
import { listResults, RESULT_PAGE } from '../client-api.js';
import type { CallMeter, DingtalkClient } from '../client.js';
import { dingtalkApis } from '../descriptor.js';
import { dayResultsFrom, type RawResultRow } from '../map/result.js';
import { addDays } from '../map/time.js';
import { gridDone, gridFinished, gridFresh, gridMinimum, nextCell, startDated, type GridCursor } from './plan.js';
import { RECORD_RETENTION_DAYS } from './punches.js';

const { maxUsers: USERS, maxDays: DAYS } = dingtalkApis.attendanceList.limits;

export function resultsStream(client: DingtalkClient): StreamDef<GridCursor> {
  return {
    name: 'results',
    urgent: false,
    start: (input) => startDated(input, gridFresh, gridFinished, addDays(input.today, -(RECORD_RETENTION_DAYS - 1))),
    // A lower bound: each cell takes one call per 50 rows.
    minimumCalls: (range, users) => gridMinimum(range, users, USERS, DAYS),
    async fetchPage(cursor, ctx) {
      const cell = await nextCell(cursor, ctx, USERS, DAYS);
      if (!cell) return { changes: [], next: gridDone(cursor), done: true, calls: 0 };
      const meter: CallMeter = { calls: 0 };
      const rows: RawResultRow[] = [];
      // Offsets step by the page size, as documented (0, then previous offset + limit).
      for (let offset = 0; ; offset += RESULT_PAGE) {
        const page = await listResults(client, cell.users, cell.from, cell.to, offset, { meter });
        rows.push(...page.rows);
        if (!page.more || page.rows.length === 0) break;
      }
      return { changes: dayResultsFrom(rows, client.timezone), next: cell.next, done: cell.last, calls: meter.calls };
    },
  };
}
