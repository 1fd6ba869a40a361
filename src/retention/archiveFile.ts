import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/**
 * One gzip-compressed JSON-lines file per month: a header line, then one line per row,
 * `{"table": …, "row": {…}}`, rows exactly as the database returned them.
 */

export const ARCHIVE_FORMAT = 'attendance-bridge-archive';
export type ArchivedRow = Record<string, unknown>;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: 1;
  month: string;
  createdAt: number;
}

export interface ArchiveLine {
  table: string;
  row: ArchivedRow;
}

/** Writes the lines to `path` through a temporary file renamed at the end, so a crash never leaves a half file under the real name. */
export async function writeArchive(path: string, header: ArchiveHeader, lines: AsyncIterable<ArchiveLine>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  async function* text(): AsyncGenerator<string> {
    yield `${JSON.stringify(header)}\n`;
    for await (const line of lines) yield `${JSON.stringify(line)}\n`;
  }
  await pipeline(text(), createGzip(), createWriteStream(tmp));
  renameSync(tmp, path);
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads an archive back, checking the header; yields its rows in file order. */
export async function* readArchive(path: string, month: string): AsyncGenerator<ArchiveLine> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let first = true;
  for await (const text of lines) {
    if (text === '') continue;
    const value = JSON.parse(text) as unknown;
    if (first) {
      const h = value as Partial<ArchiveHeader>;
      if (h.format !== ARCHIVE_FORMAT || h.version !== 1 || h.month !== month) throw new Error(`${path} is not the archive of ${month}`);
      first = false;
      continue;
    }
    yield value as ArchiveLine;
  }
  if (first) throw new Error(`${path} is empty`);
}

/** Groups a stream of lines into chunks of one table each, so callers work in bounded batches. */
export async function* chunksOf(lines: AsyncIterable<ArchiveLine>, size: number): AsyncGenerator<{ table: string; rows: ArchivedRow[] }> {
  let table: string | null = null;
  let rows: ArchivedRow[] = [];
  for await (const line of lines) {
    if ((line.table !== table || rows.length >= size) && rows.length > 0 && table !== null) {
      yield { table, rows };
      rows = [];
    }
    table = line.table;
    rows.push(line.row);
  }
  if (rows.length > 0 && table !== null) yield { table, rows };
}
