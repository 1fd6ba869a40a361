import type { Knex } from 'knex';
import type { Db } from '../ledger/db.js';
import type { Principal } from './auth/roles.js';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** The actor recorded for a token: its label and id, so a revoked token's actions stay attributable. */
export function actorOf(p: Principal): string {
  return `${p.name} (${p.tokenId})`.slice(0, 128);
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** Appends one audit entry; callers pass their transaction so the entry commits with the change. */
export async function writeAudit(trx: Db | Knex.Transaction, e: AuditEntry): Promise<void> {
  await trx('audit_log').insert({
    at: e.at,
    actor: e.actor.slice(0, 128),
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    before: json(e.before),
    after: json(e.after),
    reason: e.reason === null ? null : e.reason.slice(0, 1000),
  });
}
