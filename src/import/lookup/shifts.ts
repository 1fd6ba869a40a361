import type { Knex } from 'knex';

/** Words that mean "no shift" in a roster cell. */
const REST = new Set(['rest', '休息', '休']);

export function isRest(name: string): boolean {
  return REST.has(name.trim().toLowerCase());
}

export interface ShiftCandidate {
  id: string;
  tenantId: string;
}

/** Shifts by name; names are per tenant, so one name may have a candidate in each tenant. */
export async function shiftsByName(db: Knex | Knex.Transaction, names: Iterable<string>): Promise<Map<string, ShiftCandidate[]>> {
  const wanted = [...new Set(names)].filter((n) => n !== '' && !isRest(n));
  const out = new Map<string, ShiftCandidate[]>();
  for (let i = 0; i < wanted.length; i += 400) {
    const rows = (await db('shifts').whereIn('name', wanted.slice(i, i + 400)).select('id', 'tenant_id', 'name')) as { id: string; tenant_id: string; name: string }[];
    for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), { id: r.id, tenantId: r.tenant_id }]);
  }
  return out;
}

/** Every shift name, for the roster template's drop-down. */
export async function shiftNames(db: Knex): Promise<string[]> {
  const rows = (await db('shifts').distinct('name').orderBy('name')) as { name: string }[];
  return rows.map((r) => r.name);
}

/**
 * The shift a name means for one employee: the only candidate, or the one in a tenant the
 * employee belongs to. Undefined = unknown; an array = still ambiguous.
 */
export function pickShift(candidates: readonly ShiftCandidate[] | undefined, tenants: ReadonlySet<string> | undefined): string | undefined | string[] {
  if (candidates === undefined || candidates.length === 0) return undefined;
  if (candidates.length === 1) return (candidates[0] as ShiftCandidate).id;
  const mine = candidates.filter((c) => tenants?.has(c.tenantId));
  return mine.length === 1 ? (mine[0] as ShiftCandidate).id : candidates.map((c) => c.id);
}
