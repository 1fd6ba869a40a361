import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** A DingTalk identity an approval can be registered for. */
export interface RouteTarget {
  tenantId: string;
  userId: string;
}

interface IdentityRow {
  employee_id: string;
  tenant_id: string;
  external_user_id: string;
  vendor: string;
}

/**
 * Employees linked across tenants who have a DingTalk identity, with those identities. Only they
 * can have an approval decided in one tenant that DingTalk's attendance does not know about.
 * DingTalk is the only target because only it documents registering an approval decided
 * elsewhere (approve/finish, dingtalk.md §5.8); WeCom can only file a new form to be approved.
 */
export async function dingtalkTargets(db: Conn): Promise<Map<string, RouteTarget[]>> {
  const rows = (await db('employee_identities as i')
    .join('tenants as t', 't.id', 'i.tenant_id')
    .whereIn('i.employee_id', db('employee_identities as d').join('tenants as dt', 'dt.id', 'd.tenant_id').where('dt.vendor', 'dingtalk').select('d.employee_id'))
    .orderBy(['i.employee_id', 'i.tenant_id', 'i.external_user_id'])
    .select('i.employee_id', 'i.tenant_id', 'i.external_user_id', 't.vendor')) as IdentityRow[];
  const byEmployee = new Map<string, IdentityRow[]>();
  for (const r of rows) byEmployee.set(r.employee_id, [...(byEmployee.get(r.employee_id) ?? []), r]);
  const out = new Map<string, RouteTarget[]>();
  for (const [employeeId, ids] of byEmployee) {
    if (new Set(ids.map((i) => i.tenant_id)).size < 2) continue;
    const targets: RouteTarget[] = [];
    // One user per tenant: a second identity in the same org would register the approval twice.
    for (const i of ids) if (i.vendor === 'dingtalk' && !targets.some((t) => t.tenantId === i.tenant_id)) targets.push({ tenantId: i.tenant_id, userId: i.external_user_id });
    out.set(employeeId, targets);
  }
  return out;
}
