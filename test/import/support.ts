import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../src/clock.js';
import { applyChanges } from '../../src/ledger/apply.js';
import type { Db } from '../../src/ledger/db.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import type { ImportOptions } from '../../src/import/index.js';

export const ZONE = 'Asia/Shanghai';
export const clock = new ManualClock(Date.parse('2026-04-10T00:00:00Z'));

/** Options as the CLI builds them. */
export function options(extra: Partial<ImportOptions> = {}): ImportOptions {
  return { timezone: ZONE, clock, policy: loadConfig({}).policy, ...extra };
}

export const dir = (): string => mkdtempSync(join(tmpdir(), 'ab-import-'));

/** A CSV file from rows; cells with commas, quotes or newlines are quoted as Excel does. */
export function csvFile(rows: readonly (readonly string[])[], opts: { bom?: boolean; encoding?: 'gb18030' } = {}): string {
  const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
  const path = join(dir(), 'file.csv');
  if (opts.encoding === 'gb18030') writeFileSync(path, iconv.encode(text, 'gb18030'));
  else writeFileSync(path, (opts.bom ? '\uFEFF' : '') + text, 'utf8');
  return path;
}

/** An XLSX file whose first sheet holds the rows (values as given: strings, numbers, Dates). */
export async function xlsxFile(rows: readonly (readonly ExcelJS.CellValue[])[], extraSheets: string[] = []): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Data');
  for (const r of rows) sheet.addRow([...r]);
  for (const name of extraSheets) book.addWorksheet(name).addRow(['not', 'imported']);
  const path = join(dir(), 'file.xlsx');
  await book.xlsx.writeFile(path);
  return path;
}

export const emp = (user: string): string => employeeIdFor('acme', user);

/** The employee id of a job number (dd's people are created by another tenant). */
export async function byJobNumber(db: Db, jobNumber: string): Promise<string> {
  return ((await db('employees').where('job_number', jobNumber).first('id')) as { id: string }).id;
}

/**
 * Two tenants: acme (WeCom) with zhangsan A001, lisi A002 in an office group (白班 Mon–Fri
 * 09:00–18:00) and a 夜班; dd (DingTalk) with wangwu D001 and its own 白班.
 */
export async function seed(db: Db): Promise<void> {
  const now = clock.now();
  await db('tenants').insert([
    { id: 'acme', vendor: 'wecom', corp_id: 'ww1', name: 'ACME', timezone: ZONE, created_at: now },
    { id: 'dd', vendor: 'dingtalk', corp_id: 'ding1', name: 'DD', timezone: ZONE, created_at: now },
  ]);
  await applyChanges(db, { id: 'acme', timezone: ZONE }, [
    { kind: 'department', externalId: '1', parentExternalId: null, name: 'ACME' },
    { kind: 'employee', externalUserId: 'zhangsan', name: '张三', departmentExternalId: '1', jobNumber: 'A001' },
    { kind: 'employee', externalUserId: 'lisi', name: '李四', departmentExternalId: '1', jobNumber: 'A002' },
    { kind: 'shift', externalId: 's1', name: '白班', definition: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }] } },
    { kind: 'shift', externalId: 's2', name: '夜班', definition: { segments: [{ start: '22:00', end: '06:00' }] } },
    { kind: 'rule_group', externalId: 'g1', name: 'Office', pattern: { kind: 'fixed', week: { mon: 's1', tue: 's1', wed: 's1', thu: 's1', fri: 's1' } }, memberExternalUserIds: ['zhangsan', 'lisi'] },
  ], clock);
  await applyChanges(db, { id: 'dd', timezone: ZONE }, [
    { kind: 'employee', externalUserId: '0123', name: '王五', departmentExternalId: null, jobNumber: 'D001' },
    { kind: 'shift', externalId: 'day', name: '白班', definition: { segments: [{ start: '08:00', end: '17:00' }] } },
  ], clock);
  await db('dirty_days').delete();
}

/** Row counts of every table an import writes. */
export async function counts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['punches', 'requests', 'rosters', 'employee_identities', 'employees', 'dirty_days', 'day_results', 'audit_log', 'adjustments']) {
    const row = (await db(t).count({ n: '*' }).first()) as { n: number | string };
    out[t] = Number(row.n);
  }
  return out;
}
