import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | null;

export interface Column<R> {
  header: string;
  value(r: R): Cell;
  width?: number;
}

/** A table ready for any format: headers and rows of cells (the row type is erased here). */
export interface Sheet {
  name: string;
  headers: string[];
  widths: number[];
  rows(): Iterable<Cell[]>;
}

export function sheet<R>(name: string, columns: readonly Column<R>[], rows: readonly R[]): Sheet {
  return {
    name,
    headers: columns.map((c) => c.header),
    widths: columns.map((c) => c.width ?? Math.min(40, Math.max(12, c.header.length + 2))),
    *rows() {
      for (const r of rows) yield columns.map((c) => c.value(r));
    },
  };
}

export const hours = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;

/** UTF-8 CSV with a BOM, so Excel opens the Chinese headers correctly. */
export function toCsv(s: Sheet): string {
  return stringify([s.headers, ...s.rows()], { bom: true });
}

/**
 * Writes sheets as one XLSX through exceljs's streaming writer: rows are committed as they are
 * written, so a large month never sits in memory as a workbook.
 */
export async function writeXlsx(sheets: readonly Sheet[], target: { stream: Writable } | { filename: string }): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ ...target, useStyles: true });
  for (const s of sheets) {
    const ws = book.addWorksheet(s.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.headers.map((header, i) => ({ header, width: s.widths[i] ?? 14 }));
    ws.getRow(1).font = { bold: true };
    for (const row of s.rows()) ws.addRow(row).commit();
    ws.commit();
  }
  await book.commit();
}
