import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Cell } from '../cells.js';
import type { SheetRow } from './index.js';

/** Rich text, formulas, hyperlinks and errors → the value a person sees in the cell. */
function plain(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
  if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return plain(v.result);
  if ('text' in v) return plain(v.text);
  if (typeof v.error === 'string') return v.error;
  return null;
}

interface BookModel {
  model?: { sheets?: { id: number | string }[] };
}

/**
 * Streams the rows of the workbook's first sheet (in the workbook's tab order), so a 100,000-row
 * file is never held in memory. Styles are not read (faster): dates arrive as Excel serials,
 * which the date columns understand.
 */
export async function* readXlsx(path: string): AsyncGenerator<SheetRow> {
  const input = createReadStream(path);
  const book = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let done = false;
  try {
    for await (const sheet of book) {
      const first = (book as unknown as BookModel).model?.sheets?.[0]?.id;
      const id = (sheet as unknown as { id: number | string }).id;
      // Only the first sheet by tab order is imported. The others are drained before the reader
      // moves on: exceljs may have buffered a sheet to a temporary file that it deletes as soon as
      // the next sheet is asked for, while the skipped sheet's lazily opened stream still wanted
      // it (an uncaught ENOENT, seen under load).
      if (done || (first !== undefined && String(first) !== String(id))) {
        for await (const _row of sheet) void _row;
        continue;
      }
      done = true;
      for await (const row of sheet) {
        const values = row.values as unknown[];
        yield { row: row.number, cells: Array.from(values.slice(1), plain) };
      }
    }
  } finally {
    input.destroy();
  }
}
