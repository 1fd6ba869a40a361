import { AppError } from '../../errors.js';
import { datesForInterval, markDirty } from '../../ledger/dirty.js';
import { refund } from '../../rules/balances/index.js';
import { enqueue } from '../../writeback/outbox.js';
import { actorOf, writeAudit } from '../audit.js';
import type { Principal } from '../auth/roles.js';
import { HR_ONLY } from '../auth/roles.js';
import { TIME_OFF_KIND, insertBalanceEntries, loadBalanceEntries } from '../balances.js';
import type { ApiDeps } from '../registry.js';
import { employeeZone } from '../zones.js';
import { API_TENANT, approvalIdentity, spendKey } from './create.js';
import { REQUEST_COLUMNS, toRequestView, type RequestRow, type RequestView } from './schema.js';

/**
 * Cancels a request filed through the API. Its owner may cancel it while pending; HR and admin
 * also once approved. Anyone else gets 403 whether or not the request exists. A cancelled 调休
 * gives its minutes back; an approved one also changes day results, so its days are marked dirty.
 * The vendor is told through the outbox (`cancel_event`), in the same transaction.
 */
export async function cancelRequest(deps: ApiDeps, principal: Principal, id: string, reason: string | null): Promise<RequestView> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const row = (await trx('requests').select(REQUEST_COLUMNS).where('id', id).first()) as RequestRow | undefined;
    const hr = HR_ONLY.includes(principal.role);
    const own = row !== undefined && principal.employeeId !== null && row.employee_id === principal.employeeId;
    if (!hr && !own) throw new AppError('forbidden');
    if (row === undefined) throw new AppError('not_found', 'No such request.');
    if (row.tenant_id !== API_TENANT) throw new AppError('request_not_cancellable', 'This request was filed in the vendor app; cancel it there.');
    const cancellable = hr ? ['pending', 'approved'] : ['pending'];
    if (!cancellable.includes(row.status)) throw new AppError('request_not_cancellable', `A ${row.status} request cannot be cancelled${hr ? '' : ' by its owner'}.`);
    const zone = await employeeZone(trx, row.employee_id, deps.config.timezone);
    await trx('requests').where('id', id).update({ status: 'cancelled', decided_at: now });
    const after = { ...row, status: 'cancelled' as const, decided_at: now };
    if (row.type === 'time_off') {
      const back = refund(await loadBalanceEntries(trx, row.employee_id, TIME_OFF_KIND), spendKey(id));
      if (back.status === 'created') await insertBalanceEntries(trx, [back.entry], now);
    }
    if (row.status === 'approved') {
      const dates = datesForInterval(Number(row.start_at), Number(row.end_at), zone);
      await markDirty(trx, dates.map((workDate) => ({ employeeId: row.employee_id, workDate })), now);
    }
    const identity = await approvalIdentity(trx, row.employee_id);
    if (identity !== null) {
      await enqueue(trx, [{ idempotencyKey: `cancel_event:${API_TENANT}:${id}`, tenantId: identity.tenantId, kind: 'cancel_event', payload: { requestId: id, employeeId: row.employee_id, externalUserId: identity.externalUserId, type: row.type } }], now);
    }
    const view = toRequestView(after, zone);
    await writeAudit(trx, { at: now, actor: actorOf(principal), action: 'cancel', entity: 'request', entityId: id, before: toRequestView(row, zone), after: view, reason });
    return view;
  });
}
