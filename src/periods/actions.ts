import { actorOf, writeAudit } from '../api/audit.js';
import type { Principal } from '../api/auth/roles.js';
import { departmentTree, requireDepartmentInScope, scopeOf } from '../api/auth/scope.js';
import type { ApiDeps } from '../api/registry.js';
import { recomputeDirty, type RecomputeResult } from '../compute/recompute.js';
import { ValidationError } from '../errors.js';
import { ORG_ID, periodKey } from './month.js';
import { confirmBlock, lockBlock, signOffBlock, unlockBlock } from './rules.js';
import { derivedState, type Decision } from './state.js';
import { loadContext, managerRoot, periodStatus, type PeriodView } from './status.js';
import { lockPeriodRow, progressOf, refreshState, writePeriod } from './store.js';

const required = (path: string, message: string) => new ValidationError(`${path}: ${message}`, [{ path, message }]);

/** An employee confirms or disputes their own month; the latest word counts, every word is audited. */
export async function confirmMonth(deps: ApiDeps, principal: Principal, month: string, body: { decision: Decision; comment?: string | undefined }): Promise<PeriodView> {
  const employeeId = principal.employeeId;
  if (employeeId === null) throw required('token', 'the token speaks for no employee, so there is no own month to confirm');
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    await lockPeriodRow(trx, month, now);
    const c = await loadContext(trx, month);
    const block = confirmBlock(c, employeeId);
    if (block !== null) throw block;
    const row = { org_id: ORG_ID, month, employee_id: employeeId, state: body.decision, comment: body.comment ?? null, updated_at: now };
    await trx('period_confirmations').insert(row).onConflict(['org_id', 'month', 'employee_id']).merge(['state', 'comment', 'updated_at']);
    const before = c.decisions.get(employeeId) ?? null;
    await writeAudit(trx, { at: now, actor: actorOf(principal), action: body.decision, entity: 'period_confirmation', entityId: `${periodKey(month)}:${employeeId}`, before, after: row, reason: body.comment ?? null });
    await refreshState(trx, c.period, now);
  });
  return periodStatus(deps.db, principal, month, deps.config.timezone);
}

/** A manager signs the month off for a department tree in their scope (default: their own department). */
export async function signOffMonth(deps: ApiDeps, principal: Principal, month: string, body: { department?: string | undefined; comment?: string | undefined }): Promise<PeriodView> {
  const { db } = deps;
  const department = body.department ?? (await managerRoot(db, principal));
  if (department === null) throw required('body.department', 'required for a token without a department');
  requireDepartmentInScope(await scopeOf(db, principal), department);
  const now = deps.clock.now();
  await db.transaction(async (trx) => {
    await lockPeriodRow(trx, month, now);
    const c = await loadContext(trx, month);
    const block = signOffBlock(c, department, new Set(await departmentTree(trx, [department])));
    if (block !== null) throw block;
    const row = { org_id: ORG_ID, month, department_id: department, signed_by: actorOf(principal), comment: body.comment ?? null, signed_at: now };
    await trx('period_signoffs').insert(row);
    await writeAudit(trx, { at: now, actor: row.signed_by, action: 'sign_off', entity: 'period_signoff', entityId: `${periodKey(month)}:${department}`, before: null, after: row, reason: body.comment ?? null });
    await refreshState(trx, c.period, now);
  });
  return periodStatus(db, principal, month, deps.config.timezone);
}

export type LockView = PeriodView & { recomputed: Pick<RecomputeResult, 'computed' | 'written' | 'adjusted'> };

/**
 * HR locks the month for payroll. Pending dirty days are computed first, so what is locked is
 * current; from then on recompute turns any change to the month into adjustments of the next
 * open month. A month not signed off needs `force` and a reason.
 */
export async function lockMonth(deps: ApiDeps, principal: Principal, month: string, body: { force: boolean; reason?: string | undefined }): Promise<LockView> {
  const { db } = deps;
  const early = lockBlock(await loadContext(db, month), true);
  if (early !== null) throw early;
  const r = await recomputeDirty(db, { clock: deps.clock, policy: deps.config.policy, defaultTimezone: deps.config.timezone });
  const now = deps.clock.now();
  await db.transaction(async (trx) => {
    const current = await refreshState(trx, await lockPeriodRow(trx, month, now), now);
    const block = lockBlock({ ...(await loadContext(trx, month)), period: current }, body.force);
    if (block !== null) throw block;
    const after = await writePeriod(trx, { ...current, state: 'locked', locked_by: actorOf(principal), locked_at: now }, now);
    await writeAudit(trx, { at: now, actor: actorOf(principal), action: body.force && current.state !== 'signed_off' ? 'force_lock' : 'lock', entity: 'period', entityId: periodKey(month), before: current, after, reason: body.reason ?? null });
  });
  const view = await periodStatus(db, principal, month, deps.config.timezone);
  return { ...view, recomputed: { computed: r.computed, written: r.written, adjusted: r.adjusted } };
}

/** An admin reopens a locked month, with a reason; the state returns to what the records say. */
export async function unlockMonth(deps: ApiDeps, principal: Principal, month: string, reason: string): Promise<PeriodView> {
  const now = deps.clock.now();
  await deps.db.transaction(async (trx) => {
    const before = await lockPeriodRow(trx, month, now);
    const block = unlockBlock({ ...(await loadContext(trx, month)), period: before });
    if (block !== null) throw block;
    const after = await writePeriod(trx, { ...before, state: derivedState(await progressOf(trx, month)), locked_by: null, locked_at: null }, now);
    await writeAudit(trx, { at: now, actor: actorOf(principal), action: 'unlock', entity: 'period', entityId: periodKey(month), before, after, reason });
  });
  return periodStatus(deps.db, principal, month, deps.config.timezone);
}
