import { PassThrough, type Writable } from 'node:stream';
import type { ReportOutput } from './kinds.js';
import { toCsv, writeXlsx } from './sheet.js';

export type FileFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const fileName = (out: ReportOutput, format: FileFormat): string => `${out.basename}.${format}`;

/** Writes a report as CSV (its first sheet) or XLSX (every sheet, streamed) and ends `target`. */
export async function writeReportFile(out: ReportOutput, format: FileFormat, target: Writable): Promise<void> {
  if (format === 'xlsx') {
    await writeXlsx(out.sheets, { stream: target });
    return;
  }
  const first = out.sheets[0];
  await new Promise<void>((resolve, reject) => {
    target.once('error', reject);
    target.end(first === undefined ? '' : toCsv(first), () => resolve());
  });
}

/** The file in memory, for a webhook POST. */
export async function reportFileBytes(out: ReportOutput, format: FileFormat): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.once('end', resolve);
    sink.once('error', reject);
  });
  await writeReportFile(out, format, sink);
  await ended;
  return Buffer.concat(chunks);
}
