import type { Policy } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import type { RecomputeResult } from '../compute/recompute.js';

/** The three file formats of docs/import.md. */
export const importKinds = ['roster', 'punches', 'requests'] as const;
export type ImportKind = (typeof importKinds)[number];

export type ProblemCode =
  | 'unreadable'
  | 'bad_csv'
  | 'empty_file'
  | 'unknown_column'
  | 'duplicate_column'
  | 'missing_column'
  | 'unnamed_column'
  | 'required'
  | 'bad_date'
  | 'bad_time'
  | 'bad_value'
  | 'unknown_employee'
  | 'ambiguous_employee'
  | 'unknown_shift'
  | 'ambiguous_shift'
  | 'duplicate_row'
  | 'end_before_start'
  | 'locked_month';

/** One problem of a file: the sheet row (header = 1, as Excel numbers it) and the column name. */
export interface Problem {
  row: number;
  column: string | null;
  code: ProblemCode;
  message: string;
}

export interface ImportOptions {
  /** The zone of the file's local times (docs: `--timezone`, default TZ_DEFAULT). */
  timezone: string;
  clock: Clock;
  /** The rule policy; resolving "a date alone" builds the employee's day like recompute does. */
  policy: Policy;
  dryRun?: boolean;
  /** CSV only; XLSX is always UTF-8 inside. */
  encoding?: 'utf8' | 'gb18030';
  /** Rows of unknown employees become warnings and are skipped. */
  skipUnknown?: boolean;
  /** Rows in locked months are accepted; recompute records their effect as adjustments. */
  intoAdjustments?: boolean;
  /** Overrides the file extension (uploads are stored under temporary names). */
  format?: 'xlsx' | 'csv';
  /** Recompute dirty days after writing (default true); the API may leave it to the worker. */
  recompute?: boolean;
  /** Who imports, for the audit log. */
  actor?: string;
}

/** The summary of an import, printed by the CLI and returned to the HR API. */
export interface ImportReport {
  ok: boolean;
  kind: ImportKind;
  dryRun: boolean;
  layout: 'narrow' | 'wide';
  /** Data rows read (the header and blank rows not counted). */
  rows: number;
  /** Rows (or, in the wide roster layout, cells) that are or would be stored: created + updated + unchanged. */
  records: number;
  /** Rows new or changed in the ledger (on a dry run: that would be). */
  written: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows skipped with `--skip-unknown`. */
  skipped: number;
  problems: Problem[];
  warnings: Problem[];
  /** Locked months the import touched (with `--into-adjustments`) and the month their adjustments go to. */
  adjustments: { month: string; into: string }[];
  recompute: RecomputeResult | null;
}

/** A parsed record before the ledger lookups: who (as written in the file), where, and what went wrong. */
export interface Draft {
  row: number;
  employeeRef: string;
  problems: Problem[];
}

export function problem(row: number, column: string | null, code: ProblemCode, message: string): Problem {
  return { row, column, code, message };
}
