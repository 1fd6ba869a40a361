import type { Db } from './db.js';
import { employeeIdFor } from './ids.js';

/** Employee attributes that may identify one person across tenants, as the policy names them. */
export type IdentityKey = 'job_number' | 'mobile' | 'email';

/** Tables that record facts about an employee: an employee with none of them is safe to fold into another. */
const FACT_TABLES = ['punches', 'requests', 'rosters', 'day_results', 'balances'] as const;

export interface LinkReport {
  /** Identities pointed at the matching employee of another tenant. */
  linked: { tenantId: string; externalUserId: string; employeeId: string; key: IdentityKey }[];
  /** Matches found but not applied: several candidates, or both sides already hold facts. */
  unresolved: { employeeIds: string[]; key: IdentityKey; value: string; reason: 'ambiguous' | 'both_have_facts' }[];
}

interface EmployeeRow {
  id: string;
  job_number: string | null;
  mobile: string | null;
  email: string | null;
}

function normalise(key: IdentityKey, value: string): string {
  const v = value.trim();
  return key === 'email' ? v.toLowerCase() : key === 'mobile' ? v.replace(/[\s-]/g, '').replace(/^\+?86/, '') : v;
}

async function hasFacts(db: Db, employeeId: string): Promise<boolean> {
  for (const table of FACT_TABLES) if (await db(table).where('employee_id', employeeId).first()) return true;
  return false;
}

/**
 * Finds one person's employees in several tenants by the configured keys and folds an employee
 * that has no facts yet into the other (its identities move; the empty row goes). Anything
 * ambiguous, or two employees that both already hold facts, is reported, never merged silently.
 */
export async function linkIdentities(db: Db, keys: readonly IdentityKey[], dryRun = false): Promise<LinkReport> {
  const report: LinkReport = { linked: [], unresolved: [] };
  const identities = (await db('employee_identities').select('tenant_id', 'external_user_id', 'employee_id')) as { tenant_id: string; external_user_id: string; employee_id: string }[];
  const tenantsOf = new Map<string, Set<string>>();
  for (const i of identities) tenantsOf.set(i.employee_id, (tenantsOf.get(i.employee_id) ?? new Set()).add(i.tenant_id));
  const employees = (await db('employees').select('id', 'job_number', 'mobile', 'email').where('status', 'active')) as EmployeeRow[];
  const folded = new Set<string>();
  for (const key of keys) {
    const groups = new Map<string, EmployeeRow[]>();
    for (const e of employees) {
      const raw = e[key];
      if (raw === null || raw.trim() === '' || folded.has(e.id)) continue;
      const v = normalise(key, raw);
      groups.set(v, [...(groups.get(v) ?? []), e]);
    }
    for (const [value, group] of groups) {
      if (group.length < 2) continue;
      const ids = group.map((g) => g.id);
      const tenantSets = ids.map((id) => [...(tenantsOf.get(id) ?? [])]);
      const allTenants = tenantSets.flat();
      // One employee per tenant, or it is not a cross-tenant twin but a data problem for a person.
      if (group.length !== 2 || new Set(allTenants).size !== allTenants.length) {
        report.unresolved.push({ employeeIds: ids, key, value, reason: 'ambiguous' });
        continue;
      }
      const [a, b] = ids as [string, string];
      const [aFacts, bFacts] = [await hasFacts(db, a), await hasFacts(db, b)];
      if (aFacts && bFacts) {
        report.unresolved.push({ employeeIds: ids, key, value, reason: 'both_have_facts' });
        continue;
      }
      const [keep, fold] = bFacts && !aFacts ? [b, a] : [a, b];
      const moving = identities.filter((i) => i.employee_id === fold);
      for (const m of moving) report.linked.push({ tenantId: m.tenant_id, externalUserId: m.external_user_id, employeeId: keep, key });
      folded.add(fold);
      if (dryRun) continue;
      await db.transaction(async (trx) => {
        await trx('employee_identities').where('employee_id', fold).update({ employee_id: keep });
        await trx('employees').where('id', fold).delete();
      });
    }
  }
  return report;
}

/** True when this identity created its employee (so its contact data describes that employee). */
export function isOriginIdentity(tenantId: string, externalUserId: string, employeeId: string): boolean {
  return employeeIdFor(tenantId, externalUserId) === employeeId;
}
