import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { nextOpenMonth } from '../compute/periods.js';
import { applyChanges } from '../ledger/apply.js';
import type { Db } from '../ledger/db.js';
import { markDirty } from '../ledger/dirty.js';
import type { LedgerChangeInput } from '../ledger/model.js';
import { insertIgnore, upsertChanged } from '../ledger/upsert.js';
import type { Plan, RosterWrite } from './kinds/common.js';
import { IMPORT_TENANT } from './tenant.js';
import type { ImportKind } from './types.js';

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface WriteOptions {
  kind: ImportKind;
  timezone: string;
  clock: Clock;
  dryRun: boolean;
  actor: string;
  locked: ReadonlySet<string>;
  source: string;
}

/** Changes per applyChanges call: large enough for multi-row statements, small enough to validate quickly. */
const CHUNK = 5000;

/** Thrown inside the transaction of a dry run, so everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly counts: WriteCounts) {
    super('dry run');
  }
}

/** Each employee answers to its own id under the import tenant (see tenant.ts). */
async function ensureIdentities(trx: Knex.Transaction, employeeIds: Iterable<string>, now: number): Promise<void> {
  const rows = [...employeeIds].map((id) => ({ tenant_id: IMPORT_TENANT, external_user_id: id, employee_id: id, created_at: now }));
  await insertIgnore(trx, 'employee_identities', ['tenant_id', 'external_user_id'], rows);
}

/** How many of these natural keys the ledger already has: the difference to "written" is "created". */
async function countExisting(trx: Knex.Transaction, changes: readonly LedgerChangeInput[]): Promise<number> {
  const punchKeys = changes.flatMap((c) => (c.kind === 'punch' ? [c.sourceRecordKey] : []));
  const requestKeys = changes.flatMap((c) => (c.kind === 'request' ? [c.externalId] : []));
  let n = 0;
  for (const [table, column, keys] of [['punches', 'source_record_key', punchKeys], ['requests', 'external_id', requestKeys]] as const) {
    for (let i = 0; i < keys.length; i += 400) {
      const row = (await trx(table).where('tenant_id', IMPORT_TENANT).whereIn(column, keys.slice(i, i + 400)).count({ n: '*' }).first()) as { n: number | string };
      n += Number(row.n);
    }
  }
  return n;
}

async function writeLedger(trx: Knex.Transaction, changes: readonly LedgerChangeInput[], opts: WriteOptions, counts: WriteCounts): Promise<void> {
  for (let i = 0; i < changes.length; i += CHUNK) {
    const part = changes.slice(i, i + CHUNK);
    const existing = await countExisting(trx, part);
    const summary = await applyChanges(trx, { id: IMPORT_TENANT, timezone: opts.timezone }, part, opts.clock);
    const written = Object.values(summary.written).reduce((a, b) => a + b, 0);
    const created = part.length - existing;
    counts.created += created;
    counts.updated += written - created;
    counts.unchanged += part.length - written;
  }
}

/**
 * Roster days are written here, not through applyChanges: the ledger's roster change names a
 * shift by an external id of the writing tenant, and an imported day names any tenant's shift.
 * Same idempotent upsert and dirty marking as the ledger's own mapping.
 */
async function writeRosters(trx: Knex.Transaction, rows: readonly RosterWrite[], now: number, counts: WriteCounts): Promise<void> {
  const spec = { table: 'rosters', key: ['employee_id', 'work_date'], compare: ['shift_id', 'source', 'tenant_id'] };
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    let existing = 0;
    const byEmployee = new Map<string, string[]>();
    for (const r of part) byEmployee.set(r.employee_id, [...(byEmployee.get(r.employee_id) ?? []), r.work_date]);
    for (const [employee, dates] of byEmployee) {
      const row = (await trx('rosters').where('employee_id', employee).whereIn('work_date', dates).count({ n: '*' }).first()) as { n: number | string };
      existing += Number(row.n);
    }
    const written = await upsertChanged(trx, spec, part.map((r) => ({ ...r, source: 'import', tenant_id: IMPORT_TENANT })));
    await markDirty(trx, written.map((r) => ({ employeeId: r.employee_id as string, workDate: r.work_date as string })), now);
    counts.created += part.length - existing;
    counts.updated += written.length - (part.length - existing);
    counts.unchanged += part.length - written.length;
  }
}

/** The audit trail of changes let into locked months (`--into-adjustments`). */
async function auditLocked(trx: Knex.Transaction, plan: Plan, opts: WriteOptions, now: number): Promise<void> {
  if (plan.lockedMonths.size === 0) return;
  const months = [...plan.lockedMonths].sort().map((month) => ({ month, into: nextOpenMonth(month, opts.locked) }));
  await trx('audit_log').insert({
    at: now,
    actor: opts.actor,
    action: 'import.into_adjustments',
    entity: 'import',
    entity_id: `${opts.kind}:${opts.source}`.slice(0, 191),
    before: null,
    after: JSON.stringify({ kind: opts.kind, records: plan.records, months }),
    reason: 'imported rows in locked months: their effect is recorded as adjustments in the next open month',
  });
}

/**
 * Writes a valid file's plan in one transaction (all or nothing). A dry run does the same work and
 * rolls it back, so its counts are exactly what a real run would write.
 */
export async function writePlan(db: Db, plan: Plan, opts: WriteOptions): Promise<WriteCounts> {
  const now = opts.clock.now();
  try {
    return await db.transaction(async (trx) => {
      const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
      await ensureIdentities(trx, plan.employeeIds, now);
      await writeLedger(trx, plan.ledger, opts, counts);
      await writeRosters(trx, plan.rosters, now, counts);
      await auditLocked(trx, plan, opts, now);
      if (opts.dryRun) throw new DryRunRollback(counts);
      return counts;
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.counts;
    throw err;
  }
}
