import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError, ValidationError } from '../../errors.js';
import { dialectOf } from '../../ledger/db.js';
import { enqueue } from '../../writeback/outbox.js';
import { actorOf, writeAudit } from '../audit.js';
import type { Principal } from '../auth/roles.js';
import { requireEmployeeInScope, scopeOf } from '../auth/scope.js';
import { insertBalanceEntries } from '../balances.js';
import type { ApiDeps } from '../registry.js';
import { employeeZone } from '../zones.js';
import { checkRequest } from './checks.js';
import { REQUEST_COLUMNS, toRequestView, type CreateRequestBody, type RequestRow, type RequestView } from './schema.js';

/** Requests filed through the API live under this tenant id: natural key (api, id). */
export const API_TENANT = 'api';

export const spendKey = (requestId: string): string => `req:${API_TENANT}:${requestId}`;

/** The vendor tenant whose approval flow handles the employee's requests: their first configured identity. */
export async function approvalIdentity(trx: Knex.Transaction, employeeId: string): Promise<{ tenantId: string; externalUserId: string } | null> {
  const row = (await trx('employee_identities as i')
    .join('tenants as t', 't.id', 'i.tenant_id')
    .select('i.tenant_id', 'i.external_user_id')
    .where('i.employee_id', employeeId)
    .orderBy('i.tenant_id')
    .first()) as { tenant_id: string; external_user_id: string } | undefined;
  return row === undefined ? null : { tenantId: row.tenant_id, externalUserId: row.external_user_id };
}

/** Serialises filings for one employee on MySQL, so two concurrent requests cannot both pass the overlap and balance checks. */
async function lockEmployee(trx: Knex.Transaction, employeeId: string): Promise<boolean> {
  const q = trx('employees').select('id').where('id', employeeId);
  return (await (dialectOf(trx) === 'mysql' ? q.forUpdate() : q).first()) !== undefined;
}

/**
 * Files a request: every rule is checked first; then, in one transaction, the pending request,
 * its 调休 spend, the outbox item for the vendor's approval flow and the audit entry. A pending
 * request does not change day results (recompute uses approved ones), so no day is marked dirty.
 */
export async function createRequest(deps: ApiDeps, principal: Principal, body: CreateRequestBody): Promise<RequestView> {
  const { db } = deps;
  const employeeId = body.employeeId ?? principal.employeeId;
  if (employeeId === null) throw new ValidationError('body.employeeId: required for a token without an employee', [{ path: 'body.employeeId', message: 'required for a token without an employee' }]);
  await requireEmployeeInScope(db, await scopeOf(db, principal), employeeId);
  const startAt = Date.parse(body.startAt);
  const endAt = body.endAt === undefined ? startAt : Date.parse(body.endAt);
  const now = deps.clock.now();
  return db.transaction(async (trx) => {
    if (!(await lockEmployee(trx, employeeId))) throw new ValidationError('body.employeeId: no such employee', [{ path: 'body.employeeId', message: 'no such employee' }]);
    const zone = await employeeZone(trx, employeeId, deps.config.timezone);
    const identity = await approvalIdentity(trx, employeeId);
    if (identity === null) throw new AppError('no_approval_flow');
    const checked = await checkRequest(trx, { employeeId, type: body.type, startAt, endAt, zone }, { policy: deps.config.policy, defaultTimezone: deps.config.timezone, now });
    const inserted = (await trx('requests').insert({
      tenant_id: API_TENANT, external_id: randomUUID(), employee_id: employeeId, type: body.type, subtype: body.subtype ?? null, start_at: startAt, end_at: endAt,
      unit: body.unit, duration_minutes: checked.durationMinutes, status: 'pending', reason: body.reason ?? null, approvers: '[]', submitted_at: now, received_at: now,
    })) as number[];
    const id = String(inserted[0]);
    await trx('requests').where('id', id).update({ external_id: id });
    if (checked.spend !== null) await insertBalanceEntries(trx, [{ ...checked.spend, id: spendKey(id), sourceKey: spendKey(id) }], now);
    const row = (await trx('requests').select(REQUEST_COLUMNS).where('id', id).first()) as RequestRow;
    const view = toRequestView(row, zone);
    await enqueue(trx, [{
      idempotencyKey: `apply_event:${API_TENANT}:${id}`,
      tenantId: identity.tenantId,
      kind: 'apply_event',
      payload: {
        requestId: id, employeeId, externalUserId: identity.externalUserId, type: body.type, subtype: body.subtype ?? null, startAt, endAt, unit: body.unit,
        durationMinutes: checked.durationMinutes, reason: body.reason ?? null, timezone: zone,
      },
    }], now);
    await writeAudit(trx, { at: now, actor: actorOf(principal), action: 'create', entity: 'request', entityId: id, before: null, after: view, reason: body.reason ?? null });
    return view;
  });
}
