import type { Knex } from 'knex';
import type { Db } from '../ledger/db.js';
import { addDays, localToInstant } from '../rules/time.js';

/**
 * Each employee's timezone, resolved as recompute resolves it (compute/days.ts): the employee's
 * own, else their rule group's, else the configured default.
 */
export async function employeeZones(db: Db | Knex.Transaction, ids: readonly string[], defaultZone: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 400) {
    const rows = (await db('employees as e')
      .leftJoin('rule_groups as g', 'g.id', 'e.rule_group_id')
      .select('e.id', 'e.timezone', 'g.timezone as group_timezone')
      .whereIn('e.id', unique.slice(i, i + 400))) as { id: string; timezone: string | null; group_timezone: string | null }[];
    for (const r of rows) out.set(r.id, r.timezone ?? r.group_timezone ?? defaultZone);
  }
  return out;
}

export async function employeeZone(db: Db | Knex.Transaction, id: string, defaultZone: string): Promise<string> {
  return (await employeeZones(db, [id], defaultZone)).get(id) ?? defaultZone;
}

/** [start, end) instants of the local dates from..to inclusive in `zone`. */
export function localDayBounds(from: string, to: string, zone: string): { start: number; end: number } {
  return { start: localToInstant(from, 0, zone), end: localToInstant(addDays(to, 1), 0, zone) };
}

/** Bounds wide enough for local dates from..to in any zone (offsets stay within ±14 h). */
export function anyZoneBounds(from: string, to: string): { start: number; end: number } {
  const utc = localDayBounds(from, to, 'UTC');
  return { start: utc.start - 14 * 3_600_000, end: utc.end + 14 * 3_600_000 };
}
