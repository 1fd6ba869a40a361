import type { Knex } from 'knex';
import { dialectOf } from './db.js';

export type Row = Record<string, string | number | null>;

export interface UpsertSpec {
  table: string;
  /** Natural key columns, as in the table's primary or unique key; the last one varies fastest. */
  key: readonly string[];
  /** Columns that, when different from the stored row, make the row "changed" and are rewritten. */
  compare: readonly string[];
}

const CHUNK = 400;

function keyOf(row: Row, key: readonly string[]): string {
  return JSON.stringify(key.map((k) => row[k] ?? null));
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Loads the stored rows for the given natural keys, grouped by every key column but the last. */
async function loadExisting(trx: Knex | Knex.Transaction, spec: UpsertSpec, rows: readonly Row[]): Promise<Map<string, Row>> {
  const prefix = spec.key.slice(0, -1);
  const last = spec.key[spec.key.length - 1] as string;
  const groups = new Map<string, { where: Row; values: (string | number)[] }>();
  for (const row of rows) {
    const where: Row = Object.fromEntries(prefix.map((k) => [k, row[k] ?? null]));
    const gk = JSON.stringify(where);
    const group = groups.get(gk) ?? { where, values: [] };
    group.values.push(row[last] as string | number);
    groups.set(gk, group);
  }
  const existing = new Map<string, Row>();
  for (const { where, values } of groups.values()) {
    for (const part of chunks(values)) {
      const found = (await trx(spec.table)
        .select([...spec.key, ...spec.compare])
        .where(where)
        .whereIn(last, part)) as Row[];
      for (const r of found) existing.set(keyOf(r, spec.key), r);
    }
  }
  return existing;
}

function same(a: Row, b: Row, cols: readonly string[]): boolean {
  // Databases hand numbers back as numbers and text as strings; normalise undefined to null.
  return cols.every((c) => (a[c] ?? null) === (b[c] ?? null) || String(a[c]) === String(b[c]));
}

/**
 * Idempotent multi-row upsert: writes only rows that are new or whose compared columns differ,
 * so replaying a batch writes nothing. Returns the rows it wrote.
 */
export async function upsertChanged(trx: Knex | Knex.Transaction, spec: UpsertSpec, rows: readonly Row[]): Promise<Row[]> {
  if (rows.length === 0) return [];
  const unique = new Map<string, Row>();
  for (const row of rows) unique.set(keyOf(row, spec.key), row); // a later duplicate in one batch wins
  const existing = await loadExisting(trx, spec, [...unique.values()]);
  const changed = [...unique.entries()].filter(([k, row]) => {
    const old = existing.get(k);
    return old === undefined || !same(old, row, spec.compare);
  });
  const toWrite = changed.map(([, row]) => row);
  await writeRows(trx, spec.table, spec.key, spec.compare, toWrite);
  return toWrite;
}

/** SQLite allows 32,766 bound variables per statement; stay well below. */
const SQLITE_MAX_VARIABLES = 30_000;

/**
 * Multi-row upsert. On SQLite knex emits `INSERT … SELECT … UNION ALL …`, which is slow to
 * prepare and capped at 500 rows, so there the statement is built as one `VALUES` list with
 * `ON CONFLICT … DO UPDATE`; MySQL gets knex's `ON DUPLICATE KEY UPDATE` in large chunks.
 */
export async function writeRows(trx: Knex | Knex.Transaction, table: string, key: readonly string[], merge: readonly string[], rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(trx as Knex) !== 'sqlite') {
    for (const part of chunks(rows, 1000)) {
      const insert = trx(table).insert(part).onConflict([...key]);
      await (merge.length > 0 ? insert.merge([...merge]) : insert.ignore());
    }
    return;
  }
  const cols = Object.keys(rows[0] as Row);
  const q = (c: string) => `"${c.replaceAll('"', '""')}"`;
  const perRow = Math.max(1, Math.floor(SQLITE_MAX_VARIABLES / cols.length));
  const tuple = `(${cols.map(() => '?').join(',')})`;
  const update = merge.length > 0 ? `do update set ${merge.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}` : 'do nothing';
  for (const part of chunks(rows, perRow)) {
    const sql = `insert into ${q(table)} (${cols.map(q).join(',')}) values ${part.map(() => tuple).join(',')} on conflict (${key.map(q).join(',')}) ${update}`;
    await trx.raw(sql, part.flatMap((r) => cols.map((c) => r[c] ?? null)));
  }
}

/** Multi-row insert that keeps existing rows as they are. */
export async function insertIgnore(trx: Knex | Knex.Transaction, table: string, key: readonly string[], rows: readonly Row[]): Promise<void> {
  await writeRows(trx, table, key, [], rows);
}

