import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readSheet, UnreadableFile, type SheetRow } from '../../src/import/read/index.js';
import { csvFile, dir } from './support.js';

async function all(path: string, opts: Parameters<typeof readSheet>[1] = {}): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of readSheet(path, opts)) out.push(r);
  return out;
}

describe('import readers', () => {
  it('CSV: drops a UTF-8 BOM, keeps quoted newlines and quotes in one row, numbers rows by record', async () => {
    const path = csvFile([['employee', 'note'], ['A001', 'line one\nline "two"'], ['A002', 'x, y']], { bom: true });
    const rows = await all(path);
    assert.deepEqual(rows, [
      { row: 1, cells: ['employee', 'note'] },
      { row: 2, cells: ['A001', 'line one\nline "two"'] },
      { row: 3, cells: ['A002', 'x, y'] },
    ]);
  });

  it('CSV: decodes GB18030 only when asked', async () => {
    const path = csvFile([['工号', '班次'], ['A001', '夜班']], { encoding: 'gb18030' });
    assert.deepEqual((await all(path, { encoding: 'gb18030' }))[1]?.cells, ['A001', '夜班']);
    assert.notDeepEqual((await all(path))[1]?.cells, ['A001', '夜班'], 'read as UTF-8 it is garbled');
  });

  it('CSV: an unclosed quote is an unreadable file naming the row', async () => {
    const path = join(dir(), 'bad.csv');
    writeFileSync(path, 'employee,note\nA001,"never closed\n');
    await assert.rejects(all(path), (err: unknown) => err instanceof UnreadableFile && err.csv && err.row === 2);
  });

  it('XLSX: streams the first sheet by tab order, flattening rich text and formulas', async () => {
    const book = new ExcelJS.Workbook();
    const hidden = book.addWorksheet('Later');
    hidden.addRow(['not', 'me']);
    const first = book.addWorksheet('First');
    first.addRow(['employee', 'time']);
    first.addRow([{ richText: [{ text: 'A0' }, { text: '01' }] }, { formula: '"2026-03-02 "&"09:00"', result: '2026-03-02 09:00' }]);
    first.addRow([1001, 46083.5]);
    // Move "First" to the front of the tab order; its XML part stays sheet2.xml, after sheet1.xml.
    (first as unknown as { orderNo: number }).orderNo = -1;
    const path = join(dir(), 'two.xlsx');
    await book.xlsx.writeFile(path);
    const rows = await all(path);
    assert.deepEqual(rows, [
      { row: 1, cells: ['employee', 'time'] },
      { row: 2, cells: ['A001', '2026-03-02 09:00'] },
      { row: 3, cells: [1001, 46083.5] },
    ]);
  });

  it('refuses other file types and missing files', async () => {
    await assert.rejects(all('/nonexistent/file.xls'), /save the sheet as \.xlsx or \.csv/);
    await assert.rejects(all('/nonexistent/file.csv'), /cannot read/);
  });
});
