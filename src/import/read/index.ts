import { access } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Cell } from '../cells.js';
import { readCsv } from './csv.js';
import { readXlsx } from './xlsx.js';

/** One row of a sheet: its number as the spreadsheet shows it, and its cells from column A on. */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

export type SheetFormat = 'xlsx' | 'csv';

/** Why a file cannot be read at all (as opposed to problems in its rows). */
export class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
    readonly csv = false,
  ) {
    super(message);
    this.name = 'UnreadableFile';
  }
}

export function formatOf(path: string, format?: SheetFormat): SheetFormat {
  if (format !== undefined) return format;
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv') return 'csv';
  throw new UnreadableFile(`cannot import "${ext || path}" files: save the sheet as .xlsx or .csv (UTF-8 or GB18030)`);
}

/** Streams the rows of an XLSX (first sheet) or CSV file; reader failures become UnreadableFile. */
export async function* readSheet(path: string, opts: { format?: SheetFormat; encoding?: 'utf8' | 'gb18030' } = {}): AsyncGenerator<SheetRow> {
  const format = formatOf(path, opts.format);
  try {
    await access(path);
  } catch {
    throw new UnreadableFile(`cannot read ${path}`);
  }
  let last = 0;
  try {
    const rows = format === 'xlsx' ? readXlsx(path) : readCsv(path, opts.encoding ?? 'utf8');
    for await (const r of rows) {
      last = r.row;
      yield r;
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (format === 'csv') throw new UnreadableFile(`not valid CSV after row ${last}: ${reason}`, last + 1, true);
    throw new UnreadableFile(`not a readable XLSX file: ${reason}`);
  }
}
