import { createReadStream } from 'node:fs';
import { pipeline, type Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { SheetRow } from './index.js';

/**
 * Streams CSV records: quotes and embedded newlines by csv-parse, a UTF-8 BOM dropped, GB18030
 * (what Excel in China saves) decoded by iconv-lite. Rows are numbered by record, as Excel shows
 * the file, so a quoted newline does not shift the numbers.
 */
export async function* readCsv(path: string, encoding: 'utf8' | 'gb18030'): AsyncGenerator<SheetRow> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: false });
  const decoder: Transform[] = encoding === 'gb18030' ? [iconv.decodeStream('gb18030') as unknown as Transform] : [];
  // pipeline() destroys every stream on an error, so a failed read surfaces in the loop below.
  pipeline([createReadStream(path), ...decoder, parser], () => undefined);
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    yield { row, cells: record };
  }
}
