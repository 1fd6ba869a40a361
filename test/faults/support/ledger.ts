import type { SandboxCompany } from '../../../src/sandbox/company.js';
import type { Db } from '../../../src/ledger/db.js';

export interface PunchDiff {
  expected: number;
  rows: number;
  lost: string[];
  duplicated: string[];
  unexpected: string[];
}

/**
 * The tenant's punches in the ledger against the sandbox company's, keyed by (user, second):
 * lost = in the company but not the ledger, duplicated = stored more than once, unexpected = stored
 * but never punched.
 */
export async function punchDiff(db: Db, tenantId: string, company: SandboxCompany): Promise<PunchDiff> {
  const rows = (await db('punches as p')
    .join('employee_identities as i', function () {
      this.on('i.employee_id', '=', 'p.employee_id').andOn('i.tenant_id', '=', 'p.tenant_id');
    })
    .where('p.tenant_id', tenantId)
    .select('i.external_user_id as user', 'p.at as at')) as { user: string; at: number | string }[];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.user}|${Math.floor(Number(r.at) / 1000)}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const expected = new Set(company.punches.map((p) => `${p.employeeKey}|${Math.floor(p.at / 1000)}`));
  return {
    expected: expected.size,
    rows: rows.length,
    lost: [...expected].filter((k) => !seen.has(k)),
    duplicated: [...seen].filter(([, n]) => n > 1).map(([k]) => k),
    unexpected: [...seen.keys()].filter((k) => !expected.has(k)),
  };
}

export async function countOf(db: Db, table: string, tenantId: string): Promise<number> {
  const [row] = (await db(table).where('tenant_id', tenantId).count({ n: '*' })) as { n: number | string }[];
  return Number(row?.n ?? 0);
}
