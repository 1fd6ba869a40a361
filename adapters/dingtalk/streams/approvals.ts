/**
 * Approvals (§6): for each configured process code, instance ids created in the range
 * (`processinstance/listids`, ≤ 120-day windows, 20 ids a page), then each instance
 * (`processinstance/get`) mapped into a request. One page = one id page and its instances.
 */
import type { DingtalkTenantConfig } from '../../../config/schema.js';
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef } from '../../../src/vendor/contract.js';
import { getInstance, listInstanceIds } from '../client-api.js';
import type { CallMeter, CallOptions, DingtalkClient } from '../client.js';
import { dingtalkApis } from '../descriptor.js';
import { requestFromInstance, type RequestType } from '../map/request.js';
import { addDays, daysInclusive, minDate, startOfDay } from '../map/time.js';
import { startDated, type DatedCursor } from './plan.js';

const { maxSpanDays, maxStartAgeDays } = dingtalkApis.processInstanceListIds.limits;

interface ApprovalCursor extends DatedCursor {
  /** Index into the tenant's (type, process code) list; past its end when finished. */
  code: number;
  /** First day of the current create-time window. */
  window: string;
  /** listids cursor inside the window. */
  cursor: number;
}

const TYPE_ORDER: readonly RequestType[] = ['leave', 'overtime', 'trip', 'outing', 'correction', 'time_off', 'field'];

/** The tenant's process codes in a fixed order, each with the request type it produces. */
export function processCodes(tenant: DingtalkTenantConfig): { type: RequestType; code: string }[] {
  const configured: Partial<Record<RequestType, string[]>> = tenant.processCodes ?? {};
  return TYPE_ORDER.flatMap((type) => (configured[type] ?? []).map((code) => ({ type, code })));
}

export function typeOfProcessCode(tenant: DingtalkTenantConfig, code: string): RequestType | undefined {
  return processCodes(tenant).find((p) => p.code === code)?.type;
}

/** One instance as a request change; null (logged) when its form has no interval we can read. */
export async function fetchRequest(client: DingtalkClient, id: string, type: RequestType, opts: CallOptions): Promise<LedgerChangeInput | null> {
  const inst = await getInstance(client, id, opts);
  const change = requestFromInstance(id, type, inst, client.timezone);
  if (!change) client.logger.warn({ tenant: client.tenant.id, processInstanceId: id, type }, 'dingtalk approval without a readable interval skipped');
  return change;
}

export function approvalsStream(client: DingtalkClient): StreamDef<ApprovalCursor> {
  const codes = processCodes(client.tenant);
  const fresh = (from: string, to: string): ApprovalCursor => ({ from, to, code: 0, window: from, cursor: 0 });
  const windowEnd = (c: ApprovalCursor): string => minDate(addDays(c.window, maxSpanDays - 1), c.to);
  return {
    name: 'approvals',
    urgent: true,
    start: (input) => startDated(input, fresh, (c) => c.code >= codes.length, addDays(input.today, -(maxStartAgeDays - 1))),
    minimumCalls: (range) => codes.length * Math.ceil(daysInclusive(range.from, range.to) / maxSpanDays),
    async fetchPage(c) {
      const p = codes[c.code];
      if (p === undefined || c.from > c.to) return { changes: [], next: { ...c, code: codes.length }, done: true, calls: 0 };
      const meter: CallMeter = { calls: 0 };
      const opts = { urgent: true, meter };
      const end = windowEnd(c);
      const page = await listInstanceIds(client, p.code, startOfDay(c.window, client.timezone), startOfDay(addDays(end, 1), client.timezone) - 1, c.cursor, opts);
      const changes = (await Promise.all(page.ids.map((id) => fetchRequest(client, id, p.type, opts)))).filter((x): x is LedgerChangeInput => x !== null);
      let next: ApprovalCursor;
      if (page.next !== null) next = { ...c, cursor: page.next };
      else if (end < c.to) next = { ...c, window: addDays(end, 1), cursor: 0 };
      else next = { ...c, code: c.code + 1, window: c.from, cursor: 0 };
      return { changes, next, done: next.code >= codes.length, calls: meter.calls };
    },
  };
}
