import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef, StreamPlan } from '../../../src/vendor/contract.js';
import type { CallTally } from '../client.js';
import { approvalDetailSchema, approvalInfoSchema } from '../client-schemas.js';
import { wecomApis } from '../descriptor.js';
import { mapApproval } from '../map/approvals.js';
import { addDays, daysInclusive, midnightSec } from '../map/time.js';
import type { WecomEnv } from './env.js';
import { mapLimit, rangePlan, type RangeCursor } from './plan.js';

/** Detail fetches in flight per page; the 600/min limiter paces them. */
const DETAIL_CONCURRENCY = 8;
const SPAN_DAYS = wecomApis.getapprovalinfo.maxSpanDays;

/** One form's detail → a request change (null when the form has no attendance control). */
export async function fetchApproval(env: WecomEnv, spNo: string, tally?: CallTally): Promise<LedgerChangeInput | null> {
  const out = await env.client.call('getapprovaldetail', { body: { sp_no: spNo }, schema: approvalDetailSchema, ...(tally ? { tally } : {}) });
  return mapApproval(out.info);
}

/**
 * Approvals are listed by submission time in ≤31-day spans, page by page on `new_cursor`; the
 * cursor is the span's first day plus the vendor cursor within it (kept in `after`). Status
 * changes of older forms arrive through sys_approval_change callbacks and look-back ranges.
 */
export function approvalsStream(env: WecomEnv): StreamDef<RangeCursor> {
  const plan: StreamPlan<RangeCursor> = rangePlan;
  return {
    ...plan,
    name: 'approvals',
    urgent: true,
    minimumCalls: (range) => Math.ceil(daysInclusive(range.from, range.to) / SPAN_DAYS),
    async fetchPage(cursor) {
      const tally: CallTally = { calls: 0 };
      if (cursor.day > cursor.to) return { changes: [], next: cursor, done: true, calls: 0 };
      const spanEnd = addDays(cursor.day, SPAN_DAYS - 1) < cursor.to ? addDays(cursor.day, SPAN_DAYS - 1) : cursor.to;
      const body = {
        starttime: midnightSec(cursor.day, env.zone),
        endtime: midnightSec(addDays(spanEnd, 1), env.zone) - 1,
        new_cursor: cursor.after ?? '',
        size: wecomApis.getapprovalinfo.maxPageSize,
      };
      const list = await env.client.call('getapprovalinfo', { body, schema: approvalInfoSchema, tally });
      const mapped = await mapLimit([...new Set(list.sp_no_list)], DETAIL_CONCURRENCY, (spNo) => fetchApproval(env, spNo, tally));
      const changes = mapped.filter((c): c is LedgerChangeInput => c !== null);
      if (changes.length < mapped.length) env.logger.debug({ tenantId: env.tenantId, skipped: mapped.length - changes.length }, 'wecom approvals without an attendance control skipped');
      const more = list.new_next_cursor !== undefined && list.new_next_cursor !== '';
      const next: RangeCursor = more ? { ...cursor, after: list.new_next_cursor ?? null } : { ...cursor, day: addDays(spanEnd, 1), after: null };
      return { changes, next, done: next.day > next.to, calls: tally.calls };
    },
  };
}
