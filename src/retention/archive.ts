import { join, resolve } from 'node:path';
import type { Db } from '../ledger/db.js';
import { chunksOf, readArchive, sha256File, writeArchive, ARCHIVE_FORMAT } from './archiveFile.js';
import { addMonths, archiveCutoff, firstDay, lastDay, PUNCH_MARGIN_MS, punchBoundary } from './months.js';
import { countMonth, hotRows, keyOf, monthRows, sameRow, selectMonth, ARCHIVED_TABLES, type ArchivedTable } from './selection.js';
import { addDays, localDateOf } from '../rules/time.js';

/**
 * Moves old months of day results and punches from the hot tables to one compressed file per
 * month. Months go oldest first and stop at the first one that cannot go (recompute pending),
 * so an archived month never has a hot month before it whose neighbours' punches it took.
 */

export interface ArchiveOptions {
  now: number;
  /** TZ_DEFAULT: which month "now" is in. */
  timezone: string;
  afterMonths: number;
  dir: string;
  dryRun?: boolean;
  /** Archive again months an operator restored (they stay hot otherwise). */
  includeRestored?: boolean;
  pageSize?: number;
}

export interface MonthOutcome {
  month: string;
  dayResults: number;
  punches: number;
  file: string | null;
  /** Hot rows that changed after the export: left in place, the newer version wins. */
  keptChanged: number;
}

export interface ArchiveRunResult {
  dryRun: boolean;
  cutoff: string;
  months: MonthOutcome[];
  stopped: { month: string; reason: string } | null;
  /** Archived months that have hot day results again (recomputed after archiving). */
  strays: { month: string; dayResults: number }[];
}

interface ArchiveRow {
  month: string;
  state: 'deleting' | 'archived' | 'restored';
  file: string;
  sha256: string;
  day_results: number;
  punches: number;
}

async function oldestMonth(db: Db): Promise<string | null> {
  const d = (await db('day_results').min({ m: 'work_date' }).first()) as { m: string | null } | undefined;
  const p = (await db('punches').min({ m: 'at' }).first()) as { m: number | string | null } | undefined;
  const months = [d?.m ? String(d.m).slice(0, 7) : null, p?.m != null ? localDateOf(Number(p.m) + PUNCH_MARGIN_MS, 'UTC').slice(0, 7) : null];
  return months.filter((m): m is string => m !== null).sort()[0] ?? null;
}

async function count(db: Db, table: string, where: (q: ReturnType<Db>) => void): Promise<number> {
  const q = db(table);
  where(q);
  return Number(((await q.count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
}

/** Removes the hot rows the file holds, chunk by chunk; a row changed since the export stays. */
async function deleteArchived(db: Db, month: string, file: string): Promise<number> {
  let kept = 0;
  for await (const chunk of chunksOf(readArchive(file, month), 400)) {
    const table = chunk.table as ArchivedTable;
    if (!(table in ARCHIVED_TABLES)) throw new Error(`${file}: unknown table ${chunk.table}`);
    await db.transaction(async (trx) => {
      const hot = await hotRows(trx, table, chunk.rows);
      const same = chunk.rows.filter((r) => {
        const h = hot.get(keyOf(table, r));
        if (h !== undefined && !sameRow(h, r)) kept += 1;
        return h !== undefined && sameRow(h, r);
      });
      const key = ARCHIVED_TABLES[table].key;
      if (same.length === 0) return;
      if (key.length === 1) await trx(table).whereIn(key[0] as string, same.map((r) => r[key[0] as string] as string)).delete();
      else await trx(table).whereIn([...key], same.map((r) => key.map((k) => r[k] as string))).delete();
    });
  }
  return kept;
}

export async function archiveDue(db: Db, opts: ArchiveOptions): Promise<ArchiveRunResult> {
  const cutoff = archiveCutoff(opts.now, opts.timezone, opts.afterMonths);
  const result: ArchiveRunResult = { dryRun: opts.dryRun === true, cutoff, months: [], stopped: null, strays: [] };
  const states = new Map(((await db('archive_months').select('*')) as ArchiveRow[]).map((r) => [r.month, r]));
  const oldest = await oldestMonth(db);
  let restoredBefore: string | null = null;
  for (let month = oldest ?? cutoff; month < cutoff; month = addMonths(month, 1)) {
    const state = states.get(month);
    if (state?.state === 'archived' || (state?.state === 'restored' && !opts.includeRestored)) {
      if (state.state === 'restored') restoredBefore = month;
      const hot = await count(db, 'day_results', (q) => q.whereBetween('work_date', [firstDay(month), lastDay(month)]));
      if (state.state === 'archived' && hot > 0) result.strays.push({ month, dayResults: hot });
      continue;
    }
    // Days of the month, or of the next month's first week whose inputs reach back into it.
    const pending = await count(db, 'dirty_days', (q) => q.whereBetween('work_date', [firstDay(month), addDays(firstDay(addMonths(month, 1)), 7)]));
    if (pending > 0 && state?.state !== 'deleting') {
      result.stopped = { month, reason: `${pending} day(s) wait for recompute` };
      break;
    }
    const selection = await selectMonth(db, month, restoredBefore === null ? null : punchBoundary(restoredBefore));
    if (state?.state === 'deleting') {
      // A run stopped after the file was complete: finish removing what it holds.
      const kept = opts.dryRun ? 0 : await finishMonth(db, state, month);
      result.months.push({ month, dayResults: Number(state.day_results), punches: Number(state.punches), file: state.file, keptChanged: kept });
      continue;
    }
    const counts = await countMonth(db, selection);
    if (counts.dayResults + counts.punches === 0) continue;
    if (opts.dryRun) {
      result.months.push({ month, ...counts, file: null, keptChanged: 0 });
      continue;
    }
    const file = resolve(join(opts.dir, `${month}.jsonl.gz`));
    const written = { day_results: 0, punches: 0 };
    async function* counted() {
      for await (const line of monthRows(db, selection, opts.pageSize)) {
        written[line.table as ArchivedTable] += 1;
        yield line;
      }
    }
    await writeArchive(file, { format: ARCHIVE_FORMAT, version: 1, month, createdAt: opts.now }, counted());
    const row: ArchiveRow = { month, state: 'deleting', file, sha256: await sha256File(file), day_results: written.day_results, punches: written.punches };
    await db('archive_months').insert({ ...row, archived_at: opts.now, restored_at: null }).onConflict('month').merge();
    const kept = await finishMonth(db, row, month);
    result.months.push({ month, dayResults: written.day_results, punches: written.punches, file, keptChanged: kept });
  }
  return result;
}

async function finishMonth(db: Db, row: ArchiveRow, month: string): Promise<number> {
  if ((await sha256File(row.file)) !== row.sha256) throw new Error(`${row.file} does not match the checksum recorded for ${month}`);
  const kept = await deleteArchived(db, month, row.file);
  await db('archive_months').where('month', month).update({ state: 'archived' });
  return kept;
}
