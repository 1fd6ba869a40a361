import type { Knex } from 'knex';
import { datesForInterval, markDirty } from '../ledger/dirty.js';
import type { DayKey, LedgerChange } from '../ledger/model.js';

/**
 * Vendor approvals that stand for a request of ours. A write-back that files a request in a
 * vendor's approval flow (WeCom applyevent) gets the vendor's id back; the outbox records it here,
 * and when the approval later arrives through a pull or a callback as (tenant, external id) the
 * ledger writes its status onto our request instead of storing a second request.
 */

type RequestChange = Extract<LedgerChange, { kind: 'request' }>;
type Conn = Knex | Knex.Transaction;

interface LinkedRow {
  tenant_id: string;
  external_id: string;
  request_id: number | string;
  employee_id: string;
  start_at: number | string;
  end_at: number | string;
  status: string;
  decided_at: number | string | null;
}

export interface VendorDecision {
  status: string;
  decidedAt: number | null;
}

/**
 * Our own cancellation is final: a vendor form that still shows pending or approved (neither
 * vendor offers a way to withdraw a form for the employee) must not bring the request back.
 */
const FINAL_HERE = new Set(['cancelled']);

/**
 * Writes a vendor decision onto the linked request. Days are marked dirty on any status change,
 * not only to or from approved: recompute also settles 调休 spends, which a rejection refunds.
 * Returns the dirty keys, or null when nothing changed (a replayed pull).
 */
async function writeDecision(trx: Conn, row: LinkedRow, decision: VendorDecision, zone: string): Promise<DayKey[] | null> {
  if (FINAL_HERE.has(row.status)) return null;
  const decidedAt = row.decided_at === null ? null : Number(row.decided_at);
  if (row.status === decision.status && decidedAt === decision.decidedAt) return null;
  await trx('requests').where('id', row.request_id).update({ status: decision.status, decided_at: decision.decidedAt });
  if (row.status === decision.status) return [];
  return datesForInterval(Number(row.start_at), Number(row.end_at), zone).map((workDate) => ({ employeeId: row.employee_id, workDate }));
}

async function linkedRows(trx: Conn, tenantId: string, externalIds: readonly string[]): Promise<Map<string, LinkedRow>> {
  const out = new Map<string, LinkedRow>();
  for (let i = 0; i < externalIds.length; i += 400) {
    const rows = (await trx('request_links as l')
      .join('requests as r', 'r.id', 'l.request_id')
      .select('l.tenant_id', 'l.external_id', 'l.request_id', 'r.employee_id', 'r.start_at', 'r.end_at', 'r.status', 'r.decided_at')
      .where('l.tenant_id', tenantId)
      .whereIn('l.external_id', externalIds.slice(i, i + 400))) as LinkedRow[];
    for (const r of rows) out.set(r.external_id, r);
  }
  return out;
}

export interface FoldResult {
  /** The changes that are not linked: the ledger stores them as usual. */
  rest: LedgerChange[];
  /** Linked requests whose row changed. */
  written: number;
  dirty: DayKey[];
}

/**
 * Takes the request changes of a batch that name a linked vendor approval and writes their
 * status onto our request; everything else is returned for the ordinary upsert.
 */
export async function foldLinkedRequests(trx: Conn, tenant: { id: string; timezone: string }, changes: readonly LedgerChange[]): Promise<FoldResult> {
  const requests = changes.filter((c): c is RequestChange => c.kind === 'request');
  if (requests.length === 0) return { rest: [...changes], written: 0, dirty: [] };
  const links = await linkedRows(trx, tenant.id, [...new Set(requests.map((r) => r.externalId))]);
  if (links.size === 0) return { rest: [...changes], written: 0, dirty: [] };
  const result: FoldResult = { rest: [], written: 0, dirty: [] };
  for (const c of changes) {
    const link = c.kind === 'request' ? links.get(c.externalId) : undefined;
    if (c.kind !== 'request' || link === undefined) {
      result.rest.push(c);
      continue;
    }
    const dirty = await writeDecision(trx, link, { status: c.status, decidedAt: c.decidedAt }, tenant.timezone);
    if (dirty === null) continue;
    // A later change in the same batch compares against what this one wrote.
    link.status = c.status;
    link.decided_at = c.decidedAt;
    result.written += 1;
    result.dirty.push(...dirty);
  }
  return result;
}

export interface RequestLink {
  tenantId: string;
  externalId: string;
  requestId: string;
}

/**
 * Records that the vendor's (tenant, external id) is our request. If a callback already stored
 * that approval as a request of its own (it can arrive before the write-back's answer is
 * recorded), its status moves onto our request and the duplicate row goes. Idempotent.
 */
export async function recordRequestLink(trx: Knex.Transaction, link: RequestLink, zone: string, now: number): Promise<void> {
  await trx('request_links').insert({ tenant_id: link.tenantId, external_id: link.externalId, request_id: link.requestId, created_at: now }).onConflict(['tenant_id', 'external_id']).ignore();
  const duplicate = (await trx('requests').select('id', 'status', 'decided_at').where({ tenant_id: link.tenantId, external_id: link.externalId }).first()) as
    | { id: number | string; status: string; decided_at: number | string | null }
    | undefined;
  if (duplicate === undefined) return;
  const linked = (await linkedRows(trx, link.tenantId, [link.externalId])).get(link.externalId);
  if (linked === undefined || String(linked.request_id) === String(duplicate.id)) return;
  await writeDecision(trx, linked, { status: duplicate.status, decidedAt: duplicate.decided_at === null ? null : Number(duplicate.decided_at) }, zone);
  await trx('requests').where('id', duplicate.id).delete();
  // The duplicate may have counted on these days (if approved): they are the same days as our request's.
  await markDirty(trx, datesForInterval(Number(linked.start_at), Number(linked.end_at), zone).map((workDate) => ({ employeeId: linked.employee_id, workDate })), now);
}
