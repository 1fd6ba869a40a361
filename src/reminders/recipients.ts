import type { Db } from '../ledger/db.js';

/** A person a vendor can message: their user id in one configured tenant. */
export interface Recipient {
  tenantId: string;
  userid: string;
}

/** One message to send; `subject` makes the idempotency key together with the kind and the day. */
export interface Reminder {
  kind: string;
  subject: string;
  to: Recipient;
  text: string;
}

export const recipientKey = (r: Recipient): string => `${r.tenantId}:${r.userid}`;

/**
 * Each employee's identity in a configured vendor tenant (the first by tenant id, as approvals
 * are routed); device and API pseudo-tenants have no messaging and are not in `tenants`.
 */
export async function vendorIdentities(db: Db, employeeIds: readonly string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  const ids = [...new Set(employeeIds)];
  for (let i = 0; i < ids.length; i += 400) {
    const rows = (await db('employee_identities as i')
      .join('tenants as t', 't.id', 'i.tenant_id')
      .select('i.employee_id', 'i.tenant_id', 'i.external_user_id')
      .whereIn('i.employee_id', ids.slice(i, i + 400))
      .orderBy(['i.employee_id', 'i.tenant_id'])) as { employee_id: string; tenant_id: string; external_user_id: string }[];
    for (const r of rows) if (!out.has(r.employee_id)) out.set(r.employee_id, { tenantId: r.tenant_id, userid: r.external_user_id });
  }
  return out;
}

/**
 * HR: the employees configured for reminders, else every employee an unexpired, unrevoked `hr`
 * API token speaks for (the people who use the HR workbench).
 */
export async function hrRecipients(db: Db, now: number, configured: readonly string[] | undefined): Promise<Recipient[]> {
  let employeeIds = configured ? [...configured] : [];
  if (employeeIds.length === 0) {
    const rows = (await db('api_tokens')
      .distinct('employee_id')
      .where('role', 'hr')
      .whereNotNull('employee_id')
      .whereNull('revoked_at')
      .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', now))) as { employee_id: string }[];
    employeeIds = rows.map((r) => r.employee_id);
  }
  const found = await vendorIdentities(db, employeeIds);
  return employeeIds.sort().flatMap((id) => found.get(id) ?? []);
}
