import type { Knex } from 'knex';
import { employeeIdFor } from './ids.js';
import { insertIgnore } from './upsert.js';

/**
 * Maps a source's user ids to employees. A user seen for the first time gets an identity and a
 * placeholder employee (named by the user id) that the next contacts sync fills in, so punches
 * that arrive before the employee are never dropped. Identities an admin linked to another
 * employee (one person in two tenants) are honoured.
 */
export async function resolveEmployees(trx: Knex | Knex.Transaction, tenantId: string, externalUserIds: Iterable<string>, now: number): Promise<Map<string, string>> {
  const wanted = [...new Set(externalUserIds)];
  const map = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 400) {
    const part = wanted.slice(i, i + 400);
    const rows = (await trx('employee_identities')
      .select('external_user_id', 'employee_id')
      .where('tenant_id', tenantId)
      .whereIn('external_user_id', part)) as { external_user_id: string; employee_id: string }[];
    for (const r of rows) map.set(r.external_user_id, r.employee_id);
  }
  const missing = wanted.filter((u) => !map.has(u));
  if (missing.length > 0) {
    const ids = missing.map((u) => ({ u, id: employeeIdFor(tenantId, u) }));
    await insertIgnore(trx, 'employees', ['id'], ids.map(({ u, id }) => ({ id, name: u, status: 'active', created_at: now })));
    await insertIgnore(
      trx,
      'employee_identities',
      ['tenant_id', 'external_user_id'],
      ids.map(({ u, id }) => ({ tenant_id: tenantId, external_user_id: u, employee_id: id, created_at: now })),
    );
    for (const { u, id } of ids) map.set(u, id);
  }
  return map;
}
