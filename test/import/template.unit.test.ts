import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { COLUMNS, writeTemplate, type ImportKind } from '../../src/import/index.js';
import { mapHeader } from '../../src/import/columns.js';
import { dir } from './support.js';

async function open(kind: ImportKind, shiftNames?: string[]): Promise<ExcelJS.Workbook> {
  const path = join(dir(), 'out', `${kind}.xlsx`);
  await writeTemplate(kind, path, shiftNames ? { shiftNames } : {});
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

function listValues(book: ExcelJS.Workbook, formula: string): string[] {
  const m = /^lists!\$([A-Z]+)\$2:\$[A-Z]+\$(\d+)$/.exec(formula);
  assert.ok(m, formula);
  const sheet = book.getWorksheet('lists');
  assert.ok(sheet);
  const out: string[] = [];
  for (let r = 2; r <= Number(m[2]); r++) out.push(String(sheet.getCell(`${m[1]}${r}`).value));
  return out;
}

describe('import templates', () => {
  for (const kind of ['roster', 'punches', 'requests'] as const) {
    it(`${kind}: headers the importer accepts and a sample row`, async () => {
      const book = await open(kind);
      const sheet = book.worksheets[0];
      assert.ok(sheet);
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      assert.deepEqual(header, COLUMNS[kind].map((c) => `${c.name} (${c.zh})`));
      assert.deepEqual(mapHeader(kind, header, 1).problems, [], 'the header maps without problems');
      assert.equal(sheet.getRow(2).getCell(1).value !== null, true, 'a sample row');
    });
  }

  it('roster: the shift drop-down lists the ledger shift names and rest', async () => {
    const book = await open('roster', ['白班', '夜班']);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const v = sheet.getCell('C2').dataValidation;
    assert.equal(v?.type, 'list');
    assert.deepEqual(listValues(book, String(v?.formulae[0])), ['白班', '夜班', 'rest', '休息']);
    assert.equal(sheet.getCell('C500').dataValidation?.type, 'list', 'the validation covers the rows below');
    assert.equal(sheet.getCell('C2').value, '白班', 'the sample uses a real shift');
  });

  it('requests: type, subtype and status drop-downs; date prompts', async () => {
    const book = await open('requests');
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const at = (col: string) => sheet.getCell(`${col}3`).dataValidation;
    assert.deepEqual(listValues(book, String(at('B')?.formulae[0])), ['leave', 'overtime', 'trip', 'outing', 'field', 'correction']);
    assert.ok(listValues(book, String(at('C')?.formulae[0])).includes('time_off'));
    assert.deepEqual(listValues(book, String(at('F')?.formulae[0])), ['approved', 'rejected', 'cancelled']);
    assert.match(String(at('D')?.prompt), /YYYY-MM-DD HH:MM/);
  });
});
