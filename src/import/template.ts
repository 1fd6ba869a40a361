import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { COLUMNS } from './columns.js';
import { STATUS_NAMES, SUBTYPE_NAMES, TYPE_NAMES } from './kinds/requestWords.js';
import type { ImportKind } from './types.js';

/** Rows of the data sheet that get drop-downs and prompts. */
const ROWS = 5000;
const LISTS = 'lists';
/** Lists that suggest rather than restrict (docs: leave subtypes are open-ended). */
const OPEN_LISTS = new Set(['subtype']);

const SAMPLES: Record<ImportKind, (shift: string) => Record<string, string>> = {
  roster: (shift) => ({ employee: 'A001', date: '2026-03-02', shift }),
  punches: () => ({ employee: 'A001', time: '2026-03-02 08:58', note: '' }),
  requests: () => ({ employee: 'wecom:zhangsan', type: 'leave', subtype: 'annual', start: '2026-03-03 09:00', end: '2026-03-03 12:00', status: 'approved', id: '' }),
};

const PROMPTS: Record<string, string> = {
  employee: 'job number (工号) or vendor:userid, e.g. wecom:zhangsan',
  date: 'YYYY-MM-DD',
  time: 'YYYY-MM-DD HH:MM (local time)',
  start: 'YYYY-MM-DD HH:MM, or YYYY-MM-DD for the whole working day',
  end: 'YYYY-MM-DD HH:MM, or YYYY-MM-DD for the whole working day',
  id: 'optional: with an id, re-importing updates the request',
};

function listsFor(kind: ImportKind, shiftNames: readonly string[]): Record<string, readonly string[]> {
  if (kind === 'roster') return { shift: [...shiftNames, 'rest', '休息'] };
  if (kind === 'requests') return { type: TYPE_NAMES, subtype: SUBTYPE_NAMES, status: STATUS_NAMES };
  return {};
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** ExcelJS keeps sheet-wide validations in a model keyed by range; its typings only expose the per-cell one. */
type WithValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

/**
 * Writes the template of an import format: the header (English with the Chinese in brackets, both
 * accepted on import), a sample row, text-formatted cells (job numbers keep leading zeros, dates
 * stay as typed), drop-downs for the fixed words and shift names, and input prompts.
 */
export async function writeTemplate(kind: ImportKind, outPath: string, opts: { shiftNames?: readonly string[] } = {}): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(kind, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = book.addWorksheet(LISTS, { state: 'hidden' });
  const columns = COLUMNS[kind];
  sheet.columns = columns.map((c) => ({ header: `${c.name} (${c.zh})`, key: c.name, width: Math.max(18, c.name.length + c.zh.length * 2 + 6), style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  const sample = SAMPLES[kind](opts.shiftNames?.[0] ?? '白班');
  sheet.addRow(columns.map((c) => sample[c.name] ?? ''));
  const listOf = listsFor(kind, opts.shiftNames ?? []);
  const validations = (sheet as unknown as WithValidations).dataValidations;
  let listColumn = 0;
  columns.forEach((c, i) => {
    const range = `${columnLetter(i + 1)}2:${columnLetter(i + 1)}${ROWS}`;
    const prompt = PROMPTS[c.name];
    const base = { allowBlank: !c.required, ...(prompt ? { showInputMessage: true, promptTitle: c.name, prompt } : {}) };
    const values = listOf[c.name];
    if (values !== undefined) {
      listColumn += 1;
      const letter = columnLetter(listColumn);
      lists.getCell(`${letter}1`).value = c.name;
      values.forEach((v, j) => (lists.getCell(`${letter}${j + 2}`).value = v));
      const formula = `${LISTS}!$${letter}$2:$${letter}$${Math.max(2, values.length + 1)}`;
      validations.add(range, { type: 'list', formulae: [formula], showErrorMessage: true, errorTitle: c.name, error: `choose a ${c.name} from the list`, ...base, ...(OPEN_LISTS.has(c.name) ? { errorStyle: 'warning' } : {}) });
    } else if (prompt) {
      // A validation that accepts anything carries the input prompt.
      validations.add(range, { type: 'custom', formulae: ['TRUE'], ...base });
    }
  });
  await mkdir(dirname(outPath), { recursive: true });
  await book.xlsx.writeFile(outPath);
}
