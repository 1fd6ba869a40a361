import { createHmac } from 'node:crypto';
import axios from 'axios';
import pRetry, { AbortError } from 'p-retry';
import type { Clock } from '../clock.js';
import { AppError, ValidationError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import { monthSchema, previousMonth } from '../periods/month.js';
import { localDateOf } from '../rules/time.js';
import { CONTENT_TYPES, fileName, reportFileBytes, type FileFormat } from './files.js';
import { monthlyReport } from './kinds.js';
import { WHOLE_ORGANISATION } from './scope.js';

export interface DeliveryOptions {
  db: Db;
  clock: Clock;
  /** The organisation timezone: "last month" is the month before today there. */
  timezone: string;
  /** HR's HTTPS endpoint (REPORT_WEBHOOK_URL). */
  webhookUrl: string;
  /** Default: the month before the current one. */
  month?: string;
  format?: FileFormat;
  /** When set, the body is signed: `X-Report-Signature: sha256=<hex HMAC of the body>`. */
  secret?: string;
  timeoutMs?: number;
  retries?: number;
}

export interface DeliveryResult {
  month: string;
  fileName: string;
  bytes: number;
  employees: number;
  status: number;
}

/**
 * Scheduled delivery to HR: builds the organisation's monthly report and POSTs the file to an
 * HTTPS webhook (raw body, file name in Content-Disposition). Network failures and 5xx are retried
 * with backoff; a 4xx is the receiver refusing and fails at once.
 */
export async function deliverMonthlyReport(opts: DeliveryOptions): Promise<DeliveryResult> {
  let url: URL;
  try {
    url = new URL(opts.webhookUrl);
  } catch {
    throw new AppError('config_invalid', 'The report webhook URL is not a URL.');
  }
  // Attendance data leaves the service here: only over TLS.
  if (url.protocol !== 'https:') throw new AppError('config_invalid', 'The report webhook URL must use https.');
  if (opts.month !== undefined && !monthSchema.safeParse(opts.month).success) throw new ValidationError('month: expected YYYY-MM', [{ path: 'month', message: 'expected YYYY-MM' }]);
  const month = opts.month ?? previousMonth(localDateOf(opts.clock.now(), opts.timezone).slice(0, 7));
  const format = opts.format ?? 'xlsx';
  const out = await monthlyReport.build(opts.db, { month, format }, WHOLE_ORGANISATION);
  const body = await reportFileBytes(out, format);
  const name = fileName(out, format);
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${name}"`,
    'x-report-kind': 'monthly',
    'x-report-month': month,
  };
  if (opts.secret !== undefined) headers['x-report-signature'] = `sha256=${createHmac('sha256', opts.secret).update(body).digest('hex')}`;
  const status = await pRetry(
    async () => {
      const res = await axios.post(url.toString(), body, { headers, timeout: opts.timeoutMs ?? 30_000, validateStatus: () => true, maxRedirects: 0 });
      if (res.status >= 200 && res.status < 300) return res.status;
      const err = new Error(`the report webhook answered HTTP ${res.status}`);
      if (res.status < 500 && res.status !== 429) throw new AbortError(err);
      throw err;
    },
    { retries: opts.retries ?? 3, minTimeout: 1000, factor: 2, randomize: true },
  );
  return { month, fileName: name, bytes: body.length, employees: (out.json as { employees: unknown[] }).employees.length, status };
}
