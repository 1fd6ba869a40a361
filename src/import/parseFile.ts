import { isBlank } from './cells.js';
import { mapHeader, unnamedColumns, type HeaderMap } from './columns.js';
import { handlers } from './kinds/index.js';
import { readSheet, UnreadableFile, type SheetFormat } from './read/index.js';
import { problem, type Draft, type ImportKind, type Problem } from './types.js';

export interface ParsedFile {
  layout: 'narrow' | 'wide';
  /** Data rows (not the header, not blank rows). */
  rows: number;
  drafts: Draft[];
  problems: Problem[];
}

/**
 * Reads a file once, streaming: the first non-blank row is the header, every later row is parsed
 * into drafts (syntax only; the ledger look-ups come after). Problems are collected, not thrown,
 * so one pass reports all of them.
 */
export async function parseFile(kind: ImportKind, path: string, opts: { format?: SheetFormat; encoding?: 'utf8' | 'gb18030' }): Promise<ParsedFile> {
  const out: ParsedFile = { layout: 'narrow', rows: 0, drafts: [], problems: [] };
  const handler = handlers[kind];
  let header: HeaderMap | null = null;
  const unnamedReported = new Set<number>();
  try {
    for await (const { row, cells } of readSheet(path, opts)) {
      if (isBlank(cells)) continue;
      if (header === null) {
        const mapped = mapHeader(kind, cells, row);
        header = mapped.header;
        out.layout = header.layout;
        out.problems.push(...mapped.problems);
        continue;
      }
      out.rows += 1;
      out.problems.push(...unnamedColumns(header, cells, row, unnamedReported));
      for (const d of handler.parse(header, { row, cells })) out.drafts.push(d);
    }
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err;
    out.problems.push(problem(err.row ?? 1, null, err.csv ? 'bad_csv' : 'unreadable', err.message));
    return out;
  }
  if (header === null) out.problems.push(problem(1, null, 'empty_file', 'the file has no header row'));
  else if (out.rows === 0) out.problems.push(problem(2, null, 'empty_file', 'the file has a header but no rows'));
  return out;
}
