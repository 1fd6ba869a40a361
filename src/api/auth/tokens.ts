import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Db } from '../../ledger/db.js';
import { writeAudit } from '../audit.js';
import { isRole, type Principal, type Role } from './roles.js';

/** Prefix that makes a leaked token recognisable to secret scanners. */
const TOKEN_PREFIX = 'ab_';
/** Writing last_used_at on every request would turn reads into writes; once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface NewToken {
  role: Role;
  employeeId?: string | null;
  departmentId?: string | null;
  name: string;
  expiresAt?: number | null;
  /** Who creates it, for the audit log (the CLI passes `cli`). */
  actor?: string;
}

export interface TokenRow {
  id: string;
  name: string;
  role: string;
  employee_id: string | null;
  department_id: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

const TOKEN_COLUMNS = ['id', 'name', 'role', 'employee_id', 'department_id', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'];

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Stores a new token (only its SHA-256 hash) and returns the plaintext, which is never stored or shown again. */
export async function createToken(db: Db, input: NewToken, clock: Clock): Promise<string> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = clock.now();
  const row = {
    id: `tok_${randomBytes(8).toString('hex')}`,
    token_hash: hashToken(token),
    name: input.name,
    role: input.role,
    employee_id: input.employeeId ?? null,
    department_id: input.departmentId ?? null,
    created_at: now,
    expires_at: input.expiresAt ?? null,
  };
  await db.transaction(async (trx) => {
    await trx('api_tokens').insert(row);
    const { token_hash: _hash, ...visible } = row;
    await writeAudit(trx, { at: now, actor: input.actor ?? 'cli', action: 'create', entity: 'api_token', entityId: row.id, before: null, after: visible, reason: null });
  });
  return token;
}

/** The principal of a bearer token; null when unknown, revoked or expired (the caller answers 401 alike). */
export async function resolveToken(db: Db, token: string, now: number): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = (await db('api_tokens').select(TOKEN_COLUMNS).where('token_hash', hashToken(token)).first()) as TokenRow | undefined;
  if (row === undefined || row.revoked_at !== null || !isRole(row.role)) return null;
  if (row.expires_at !== null && Number(row.expires_at) <= now) return null;
  if (row.last_used_at === null || Number(row.last_used_at) < now - LAST_USED_RESOLUTION_MS) {
    await db('api_tokens').where('id', row.id).update({ last_used_at: now });
  }
  return { tokenId: row.id, name: row.name, role: row.role, employeeId: row.employee_id, departmentId: row.department_id };
}

/** Revokes a token; false when there is no such token or it was revoked already. */
export async function revokeToken(db: Db, id: string, clock: Clock, actor = 'cli'): Promise<boolean> {
  const now = clock.now();
  return db.transaction(async (trx) => {
    const before = (await trx('api_tokens').select(TOKEN_COLUMNS).where('id', id).first()) as TokenRow | undefined;
    if (before === undefined || before.revoked_at !== null) return false;
    await trx('api_tokens').where('id', id).update({ revoked_at: now });
    await writeAudit(trx, { at: now, actor, action: 'revoke', entity: 'api_token', entityId: id, before, after: { ...before, revoked_at: now }, reason: null });
    return true;
  });
}

/** Every token without its hash, newest first. */
export async function listTokens(db: Db): Promise<TokenRow[]> {
  const rows = (await db('api_tokens').select(TOKEN_COLUMNS).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])) as TokenRow[];
  return rows.map((r) => ({
    ...r,
    created_at: Number(r.created_at),
    expires_at: r.expires_at === null ? null : Number(r.expires_at),
    revoked_at: r.revoked_at === null ? null : Number(r.revoked_at),
    last_used_at: r.last_used_at === null ? null : Number(r.last_used_at),
  }));
}
