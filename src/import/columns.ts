import { cellText, parseDate, type Cell } from './cells.js';
import { problem, type ImportKind, type Problem } from './types.js';

/** A column of a fixed format (docs/import.md): its English name and the Chinese one in brackets. */
export interface ColumnSpec {
  name: string;
  zh: string;
  required: boolean;
}

const col = (name: string, zh: string, required = true): ColumnSpec => ({ name, zh, required });

export const COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  roster: [col('employee', '工号'), col('date', '日期'), col('shift', '班次')],
  punches: [col('employee', '工号'), col('time', '打卡时间'), col('note', '备注', false)],
  requests: [
    col('employee', '工号'),
    col('type', '类型'),
    col('subtype', '假期类型', false),
    col('start', '开始时间'),
    // Required except for corrections (补卡), which happen at one moment: checked per row.
    col('end', '结束时间', false),
    col('status', '状态', false),
    col('id', '单号', false),
  ],
};

/** Narrow: one record per row. Wide (rosters): one row per employee, one column per date. */
export type HeaderMap =
  | { layout: 'narrow'; index: ReadonlyMap<string, number>; titled: ReadonlySet<number> }
  | { layout: 'wide'; employee: number; dates: readonly { index: number; date: string }[]; titled: ReadonlySet<number> };

/** Case, spaces and full-width brackets do not matter; `employee`, `工号` and `employee (工号)` all name the column. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '').replaceAll('（', '(').replaceAll('）', ')');
}

function namesOf(spec: ColumnSpec): string[] {
  return [spec.name, spec.zh, `${spec.name}(${spec.zh})`, `${spec.zh}(${spec.name})`].map(normalise);
}

/** The column a header text names, if any. */
export function columnNamed(kind: ImportKind, text: string): ColumnSpec | undefined {
  const n = normalise(text);
  return COLUMNS[kind].find((spec) => namesOf(spec).includes(n));
}

/** A header cell that is a date: text `YYYY-MM-DD` or a date Excel made of it. */
function headerDate(cell: Cell | undefined): string | null {
  const text = cellText(cell);
  if (text === '') return null;
  const r = parseDate(cell);
  return r.ok ? r.value : null;
}

/**
 * Maps the header row to columns, reporting every unknown, repeated or missing column. A roster
 * header with no `date` and `shift` columns but with dates is the wide layout.
 */
export function mapHeader(kind: ImportKind, cells: readonly (Cell | undefined)[], row: number): { header: HeaderMap; problems: Problem[] } {
  const problems: Problem[] = [];
  const named = cells.map((c) => cellText(c));
  const specs = named.map((text) => (text === '' ? undefined : columnNamed(kind, text)));
  const wide = kind === 'roster' && !specs.some((s) => s?.name === 'date' || s?.name === 'shift') && cells.some((c, i) => i > 0 && headerDate(c) !== null);
  if (wide) return mapWide(cells, named, specs, row);
  const index = new Map<string, number>();
  named.forEach((text, i) => {
    if (text === '') return;
    const spec = specs[i];
    if (spec === undefined) problems.push(problem(row, text, 'unknown_column', `unknown column "${text}"; expected ${expectedColumns(kind)}`));
    else if (index.has(spec.name)) problems.push(problem(row, spec.name, 'duplicate_column', `column ${spec.name} appears twice ("${named[index.get(spec.name) as number]}" and "${text}")`));
    else index.set(spec.name, i);
  });
  for (const spec of COLUMNS[kind]) {
    if (spec.required && !index.has(spec.name)) problems.push(problem(row, spec.name, 'missing_column', `missing column ${spec.name} (${spec.zh})`));
  }
  return { header: { layout: 'narrow', index, titled: titledColumns(named) }, problems };
}

function mapWide(cells: readonly (Cell | undefined)[], named: string[], specs: (ColumnSpec | undefined)[], row: number): { header: HeaderMap; problems: Problem[] } {
  const problems: Problem[] = [];
  if (specs[0]?.name !== 'employee') problems.push(problem(row, named[0] || 'A', 'missing_column', 'the wide roster layout starts with the employee (工号) column'));
  const dates: { index: number; date: string }[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < cells.length; i++) {
    const text = named[i] as string;
    if (text === '') continue;
    const date = headerDate(cells[i]);
    if (date === null) problems.push(problem(row, text, 'unknown_column', `unknown column "${text}"; the wide roster layout has employee, then one column per date (YYYY-MM-DD)`));
    else if (seen.has(date)) problems.push(problem(row, date, 'duplicate_column', `date ${date} appears twice`));
    else {
      seen.add(date);
      dates.push({ index: i, date });
    }
  }
  return { header: { layout: 'wide', employee: 0, dates, titled: titledColumns(named) }, problems };
}

function titledColumns(named: readonly string[]): Set<number> {
  return new Set(named.flatMap((text, i) => (text === '' ? [] : [i])));
}

function expectedColumns(kind: ImportKind): string {
  return COLUMNS[kind].map((c) => `${c.name} (${c.zh})`).join(', ');
}

/** Data in a column without a name would be dropped silently: report the first row that has some. */
export function unnamedColumns(header: HeaderMap, cells: readonly (Cell | undefined)[], row: number, reported: Set<number>): Problem[] {
  const out: Problem[] = [];
  cells.forEach((c, i) => {
    if (header.titled.has(i) || reported.has(i) || cellText(c) === '') return;
    reported.add(i);
    out.push(problem(row, `#${i + 1}`, 'unnamed_column', `value "${cellText(c)}" in column ${i + 1}, which has no name in the header`));
  });
  return out;
}
