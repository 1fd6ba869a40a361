import type { Db } from '../ledger/db.js';
import { chunksOf, readArchive, sha256File, type ArchivedRow } from './archiveFile.js';
import { isMonth } from './months.js';
import { hotRows, keyOf, ARCHIVED_TABLES, type ArchivedTable } from './selection.js';

export interface RestoreResult {
  month: string;
  file: string;
  /** Rows put back, per table. */
  restored: { day_results: number; punches: number };
  /** Archived rows not put back because the hot table has a row with the same key (the hot one is newer). */
  keptHot: number;
}

export class RestoreError extends Error {}

/** Punches also have a natural key: a punch pulled again after archiving has a new id but the same source record key. */
async function naturalKeyTaken(db: Parameters<typeof hotRows>[0], rows: readonly ArchivedRow[]): Promise<Set<string>> {
  const [a, b] = ARCHIVED_TABLES.punches.unique;
  const found = (await db('punches').select(a, b).whereIn([a, b], rows.map((r) => [r[a] as string, r[b] as string]))) as ArchivedRow[];
  return new Set(found.map((r) => JSON.stringify([String(r[a]), String(r[b])])));
}

/**
 * Puts an archived month's rows back into the hot tables, exactly as they were archived (same
 * ids, same versions). Rows whose key is taken by a newer hot row are left out and counted.
 * The file stays; the month is marked restored, so the scheduled run leaves it hot.
 */
export async function restoreMonth(db: Db, month: string, now: number): Promise<RestoreResult> {
  if (!isMonth(month)) throw new RestoreError(`expected a month as YYYY-MM, got "${month}"`);
  const row = (await db('archive_months').where('month', month).first()) as { state: string; file: string; sha256: string } | undefined;
  if (row === undefined) throw new RestoreError(`${month} is not archived`);
  if (row.state === 'restored') throw new RestoreError(`${month} was already restored`);
  let sha: string;
  try {
    sha = await sha256File(row.file);
  } catch (err) {
    throw new RestoreError(`cannot read ${row.file}: ${String(err)}`);
  }
  if (sha !== row.sha256) throw new RestoreError(`${row.file} does not match the checksum recorded for ${month}`);
  const result: RestoreResult = { month, file: row.file, restored: { day_results: 0, punches: 0 }, keptHot: 0 };
  for await (const chunk of chunksOf(readArchive(row.file, month), 400)) {
    const table = chunk.table as ArchivedTable;
    if (!(table in ARCHIVED_TABLES)) throw new RestoreError(`${row.file}: unknown table ${chunk.table}`);
    await db.transaction(async (trx) => {
      const hot = await hotRows(trx, table, chunk.rows);
      const taken = table === 'punches' ? await naturalKeyTaken(trx, chunk.rows) : new Set<string>();
      const [a, b] = ARCHIVED_TABLES.punches.unique;
      const missing = chunk.rows.filter((r) => !hot.has(keyOf(table, r)) && !taken.has(JSON.stringify([String(r[a]), String(r[b])])));
      result.keptHot += chunk.rows.length - missing.length;
      // SQLite caps bound variables: 400 rows × ~25 columns stays well below.
      for (let i = 0; i < missing.length; i += 100) await trx(table).insert(missing.slice(i, i + 100));
      result.restored[table] += missing.length;
    });
  }
  await db('archive_months').where('month', month).update({ state: 'restored', restored_at: now });
  return result;
}
