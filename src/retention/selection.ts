import type { Knex } from 'knex';
import type { Db } from '../ledger/db.js';
import { addDays } from '../rules/time.js';
import type { ArchiveLine, ArchivedRow } from './archiveFile.js';
import { addMonths, firstDay, lastDay, punchBoundary } from './months.js';

/**
 * Which hot rows belong to a month's archive. Day results: the month's work dates. Punches:
 * those before the month's punch boundary (and after a restored earlier month's, which is hot
 * again), except punches a day result of the next month still names.
 */

export const ARCHIVED_TABLES = {
  day_results: { key: ['employee_id', 'work_date'] },
  punches: { key: ['id'], unique: ['tenant_id', 'source_record_key'] },
} as const;
export type ArchivedTable = keyof typeof ARCHIVED_TABLES;

export interface MonthSelection {
  month: string;
  /** Punches at or after this instant only (null: no lower bound). */
  punchesFrom: number | null;
  punchesBefore: number;
  /** Punch ids a hot day result refers to. */
  keepPunchIds: Set<number>;
}

/** Days of the next month whose day results may name punches before the boundary. */
const REFERENCE_DAYS = 7;

export async function selectMonth(db: Db, month: string, punchesFrom: number | null): Promise<MonthSelection> {
  const next = firstDay(addMonths(month, 1));
  const rows = (await db('day_results').select('punch_ids').whereBetween('work_date', [next, addDays(next, REFERENCE_DAYS)])) as { punch_ids: string | null }[];
  const referenced = new Set<number>();
  for (const r of rows) for (const id of r.punch_ids ? (JSON.parse(r.punch_ids) as number[]) : []) referenced.add(Number(id));
  const s: MonthSelection = { month, punchesFrom, punchesBefore: punchBoundary(month), keepPunchIds: new Set() };
  // Only the few referenced punches that fall in the archived range matter: keep the set small.
  const ids = [...referenced];
  for (let i = 0; i < ids.length; i += 500) {
    for (const p of (await punchesQuery(db, s).whereIn('id', ids.slice(i, i + 500)).select('id')) as { id: number }[]) s.keepPunchIds.add(Number(p.id));
  }
  return s;
}

function dayResultsQuery(db: Db, s: MonthSelection): Knex.QueryBuilder {
  return db('day_results').whereBetween('work_date', [firstDay(s.month), lastDay(s.month)]);
}

function punchesQuery(db: Db, s: MonthSelection): Knex.QueryBuilder {
  const q = db('punches').where('at', '<', s.punchesBefore);
  if (s.punchesFrom !== null) q.andWhere('at', '>=', s.punchesFrom);
  return q;
}

export async function countMonth(db: Db, s: MonthSelection): Promise<{ dayResults: number; punches: number }> {
  const n = async (q: Knex.QueryBuilder) => Number(((await q.count({ n: '*' })) as { n: number | string }[])[0]?.n ?? 0);
  const kept = s.keepPunchIds.size === 0 ? 0 : await n(punchesQuery(db, s).whereIn('id', [...s.keepPunchIds]));
  return { dayResults: await n(dayResultsQuery(db, s)), punches: (await n(punchesQuery(db, s))) - kept };
}

/** The month's rows, day results then punches, paged by key so a large month streams in bounded memory. */
export async function* monthRows(db: Db, s: MonthSelection, pageSize = 1000): AsyncGenerator<ArchiveLine> {
  let last: [string, string] | null = null;
  for (;;) {
    const q = dayResultsQuery(db, s);
    if (last !== null) {
      const [emp, date] = last;
      q.andWhere((w) => w.where('employee_id', '>', emp).orWhere((x) => x.where('employee_id', emp).andWhere('work_date', '>', date)));
    }
    const page = (await q.select('*').orderBy([{ column: 'employee_id' }, { column: 'work_date' }]).limit(pageSize)) as ArchivedRow[];
    for (const row of page) yield { table: 'day_results', row };
    if (page.length < pageSize) break;
    const tail = page[page.length - 1] as ArchivedRow;
    last = [String(tail.employee_id), String(tail.work_date)];
  }
  let after = 0;
  for (;;) {
    const page = (await punchesQuery(db, s).andWhere('id', '>', after).select('*').orderBy('id').limit(pageSize)) as ArchivedRow[];
    for (const row of page) if (!s.keepPunchIds.has(Number(row.id))) yield { table: 'punches', row };
    if (page.length < pageSize) break;
    after = Number(page[page.length - 1]?.id);
  }
}

/** Column-wise equality as the databases hand values back (numbers may come back as strings). */
export function sameRow(a: ArchivedRow, b: ArchivedRow): boolean {
  const cols = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const c of cols) {
    const x = a[c] ?? null;
    const y = b[c] ?? null;
    if (x !== y && String(x) !== String(y)) return false;
  }
  return true;
}

export function keyOf(table: ArchivedTable, row: ArchivedRow): string {
  return JSON.stringify(ARCHIVED_TABLES[table].key.map((k) => String(row[k])));
}

/** The hot rows with the same primary keys as `rows`. */
export async function hotRows(db: Db | Knex.Transaction, table: ArchivedTable, rows: readonly ArchivedRow[]): Promise<Map<string, ArchivedRow>> {
  const key = ARCHIVED_TABLES[table].key;
  const q = key.length === 1 ? db(table).whereIn(key[0] as string, rows.map((r) => r[key[0] as string] as string)) : db(table).whereIn([...key], rows.map((r) => key.map((k) => r[k] as string)));
  const found = (await q.select('*')) as ArchivedRow[];
  return new Map(found.map((r) => [keyOf(table, r), r]));
}
