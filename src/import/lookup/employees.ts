import type { Knex } from 'knex';

/** What an employee reference of a file resolves to. */
export type EmployeeMatch = { id: string } | { unknown: true } | { ambiguous: string[] };

const CHUNK = 400;

/** `wecom:zhangsan` → vendor and user id, when the prefix is a vendor the ledger has tenants of. */
function splitVendorRef(ref: string, vendors: ReadonlySet<string>): { vendor: string; user: string } | null {
  const at = ref.indexOf(':');
  if (at <= 0) return null;
  const vendor = ref.slice(0, at).toLowerCase();
  return vendors.has(vendor) ? { vendor, user: ref.slice(at + 1) } : null;
}

function collect(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(id);
  map.set(key, set);
}

function decide(ids: Set<string> | undefined): EmployeeMatch {
  if (ids === undefined || ids.size === 0) return { unknown: true };
  return ids.size === 1 ? { id: [...ids][0] as string } : { ambiguous: [...ids].sort() };
}

/**
 * Resolves the employee references of a file in bulk: a job number through employees.job_number
 * (active employees win over people who left, who keep their numbers), `vendor:userid` through
 * the identities of that vendor's tenants. One reference naming two people is ambiguous.
 */
export async function resolveEmployeeRefs(db: Knex | Knex.Transaction, refs: Iterable<string>): Promise<Map<string, EmployeeMatch>> {
  const wanted = [...new Set(refs)].filter((r) => r !== '');
  const vendors = new Set(((await db('tenants').distinct('vendor')) as { vendor: string }[]).map((t) => t.vendor.toLowerCase()));
  const byVendor = new Map<string, string[]>();
  const jobNumbers: string[] = [];
  for (const ref of wanted) {
    const v = splitVendorRef(ref, vendors);
    if (v) byVendor.set(v.vendor, [...(byVendor.get(v.vendor) ?? []), v.user]);
    else jobNumbers.push(ref);
  }
  const found = new Map<string, Set<string>>();
  for (const [vendor, users] of byVendor) {
    for (let i = 0; i < users.length; i += CHUNK) {
      const rows = (await db('employee_identities as i')
        .join('tenants as t', 't.id', 'i.tenant_id')
        .where('t.vendor', vendor)
        .whereIn('i.external_user_id', users.slice(i, i + CHUNK))
        .select('i.external_user_id', 'i.employee_id')) as { external_user_id: string; employee_id: string }[];
      for (const r of rows) collect(found, `${vendor}:${r.external_user_id}`, r.employee_id);
    }
  }
  const left = new Map<string, Set<string>>();
  for (let i = 0; i < jobNumbers.length; i += CHUNK) {
    const rows = (await db('employees').whereIn('job_number', jobNumbers.slice(i, i + CHUNK)).select('id', 'job_number', 'status')) as { id: string; job_number: string; status: string }[];
    for (const r of rows) collect(r.status === 'left' ? left : found, r.job_number, r.id);
  }
  const out = new Map<string, EmployeeMatch>();
  for (const ref of wanted) {
    const v = splitVendorRef(ref, vendors);
    out.set(ref, decide(v ? found.get(`${v.vendor}:${v.user}`) : (found.get(ref) ?? left.get(ref))));
  }
  return out;
}

/** The tenants each employee has identities in: the shift-name tie-breaker. */
export async function identityTenants(db: Knex | Knex.Transaction, employeeIds: Iterable<string>): Promise<Map<string, Set<string>>> {
  const ids = [...new Set(employeeIds)];
  const out = new Map<string, Set<string>>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = (await db('employee_identities').whereIn('employee_id', ids.slice(i, i + CHUNK)).select('employee_id', 'tenant_id')) as { employee_id: string; tenant_id: string }[];
    for (const r of rows) collect(out, r.employee_id, r.tenant_id);
  }
  return out;
}
