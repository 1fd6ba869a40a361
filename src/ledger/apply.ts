import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { ValidationError, issuesFromZod } from '../errors.js';
import { foldLinkedRequests } from '../routing/links.js';
import type { Db } from './db.js';
import { markDirty } from './dirty.js';
import { scopedId } from './ids.js';
import { resolveEmployees } from './identities.js';
import { isOriginIdentity } from './linking.js';
import { ledgerChange, type ChangeKind, type ChangeOf, type DayKey, type LedgerChange } from './model.js';
import { referencedUsers, rowMappings, type RowContext, type RowMapping } from './rows.js';
import { upsertChanged } from './upsert.js';

export interface TenantScope {
  id: string;
  timezone: string;
}

export interface ApplySummary {
  /** Rows actually written (new or changed) per change kind; a replay writes 0. */
  written: Partial<Record<ChangeKind, number>>;
  dirty: number;
}

/** Order matters only for readability of the ledger: organisation first, then plans, then facts. */
const ORDER: ChangeKind[] = ['department', 'employee', 'shift', 'rule_group', 'roster', 'calendar_day', 'punch', 'request', 'vendor_day_result'];

/** Validates a whole batch; one bad record rejects the batch before anything is written. */
export function parseChanges(changes: readonly unknown[]): LedgerChange[] {
  const issues: { path: string; message: string }[] = [];
  const parsed: LedgerChange[] = [];
  changes.forEach((c, i) => {
    const r = ledgerChange.safeParse(c);
    if (r.success) parsed.push(r.data);
    else issues.push(...issuesFromZod(r.error.issues).map((x) => ({ path: `${i}.${x.path}`, message: x.message })));
  });
  const first = issues[0];
  if (first !== undefined) throw new ValidationError(`${issues.length} invalid field(s) in the batch; first: ${first.path}: ${first.message}`, issues);
  return parsed;
}

function isTransaction(db: Db | Knex.Transaction): db is Knex.Transaction {
  return typeof (db as Knex.Transaction).commit === 'function' && typeof (db as Knex.Transaction).rollback === 'function' && (db as Knex.Transaction).isTransaction === true;
}

/**
 * Applies a batch of changes from one tenant in one transaction (the caller's, when given, so a
 * stream page and its checkpoint commit together). Upserts by natural key write only what
 * changed, and the (employee, work date) keys that changed rows can affect are marked dirty.
 */
export async function applyChanges(db: Db | Knex.Transaction, tenant: TenantScope, input: readonly unknown[], clock: Clock): Promise<ApplySummary> {
  const changes = parseChanges(input);
  const run = (trx: Knex.Transaction) => applyParsed(trx, tenant, changes, clock.now());
  return isTransaction(db) ? run(db) : db.transaction(run);
}

function isProvisional(c: LedgerChange): boolean {
  return c.kind === 'punch' && c.provisional;
}

async function applyKind<K extends ChangeKind>(trx: Knex.Transaction, kind: K, changes: LedgerChange[], ctx: RowContext, dirty: DayKey[]): Promise<number> {
  const mapping = rowMappings[kind] as RowMapping<K>;
  const mine = changes.filter((c): c is ChangeOf<K> => c.kind === kind);
  const full = mine.filter((c) => !isProvisional(c));
  const provisional = mine.filter(isProvisional);
  const written = [
    ...(await upsertChanged(trx, mapping.spec, full.map((c) => mapping.toRow(c, ctx)))),
    // Compared on nothing: an existing row counts as unchanged and is left as the pull stored it.
    ...(await upsertChanged(trx, { ...mapping.spec, compare: [] }, provisional.map((c) => mapping.toRow(c, ctx)))),
  ];
  if (mapping.dirty) for (const row of written) dirty.push(...mapping.dirty(row, ctx));
  return written.length;
}

/** A rule group's member list moves those employees into it. */
async function assignGroupMembers(trx: Knex.Transaction, tenantId: string, groups: ChangeOf<'rule_group'>[], ctx: RowContext): Promise<void> {
  for (const g of groups) {
    const groupId = scopedId(tenantId, g.externalId);
    const members = g.memberExternalUserIds.map((u) => ctx.employee(u));
    for (let i = 0; i < members.length; i += 400) {
      await trx('employees')
        .whereIn('id', members.slice(i, i + 400))
        .andWhere((q) => q.whereNull('rule_group_id').orWhereNot('rule_group_id', groupId))
        .update({ rule_group_id: groupId });
    }
  }
}

/**
 * A person linked across tenants has one employee row, described by the tenant that created it:
 * contact data and rule-group membership from a linked tenant do not overwrite it.
 */
function fromOrigin(tenantId: string, people: Map<string, string>, changes: LedgerChange[]): LedgerChange[] {
  const origin = (u: string) => isOriginIdentity(tenantId, u, people.get(u) as string);
  return changes.flatMap((c): LedgerChange[] => {
    if (c.kind === 'employee') return origin(c.externalUserId) ? [c] : [];
    if (c.kind === 'rule_group') return [{ ...c, memberExternalUserIds: c.memberExternalUserIds.filter(origin) }];
    return [c];
  });
}

async function applyParsed(trx: Knex.Transaction, tenant: TenantScope, parsed: LedgerChange[], now: number): Promise<ApplySummary> {
  const people = await resolveEmployees(trx, tenant.id, parsed.flatMap(referencedUsers), now);
  // A vendor approval filed for one of our requests updates that request, never a second row.
  const linked = await foldLinkedRequests(trx, tenant, fromOrigin(tenant.id, people, parsed));
  const changes = linked.rest;
  const ctx: RowContext = { tenantId: tenant.id, timezone: tenant.timezone, now, employee: (u) => people.get(u) as string };
  const written: ApplySummary['written'] = linked.written > 0 ? { request: linked.written } : {};
  const dirty: DayKey[] = [...linked.dirty];
  for (const kind of ORDER) {
    const n = await applyKind(trx, kind, changes, ctx, dirty);
    if (n > 0) written[kind] = (written[kind] ?? 0) + n;
  }
  await assignGroupMembers(trx, tenant.id, changes.filter((c): c is ChangeOf<'rule_group'> => c.kind === 'rule_group'), ctx);
  return { written, dirty: await markDirty(trx, dirty, now) };
}
