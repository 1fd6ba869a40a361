/** Request field readers that fail with the vendor's invalid-parameter error instead of throwing TypeErrors. */
import { DateTime } from 'luxon';
import { badParam } from './respond.js';
import type { V1ErrorCode } from '../errors.js';

export type Body = Record<string, unknown>;

export function bodyOf(raw: unknown): Body {
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Body) : {};
}

export function optString(b: Body, key: string): string | undefined {
  const v = b[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw badParam(`${key} must be a string`);
}

export function reqString(b: Body, key: string, v1: V1ErrorCode = 'invalidRequestParams'): string {
  const v = optString(b, key);
  if (v === undefined) throw badParam(`${key} is required`, v1);
  return v;
}

/** Numbers may arrive as JSON numbers or numeric strings (SDKs differ). */
export function optInt(b: Body, key: string, v1: V1ErrorCode = 'invalidRequestParams'): number | undefined {
  const v = b[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw badParam(`${key} must be an integer`, v1);
  return n;
}

export function reqInt(b: Body, key: string, v1: V1ErrorCode = 'invalidRequestParams'): number {
  const n = optInt(b, key, v1);
  if (n === undefined) throw badParam(`${key} is required`, v1);
  return n;
}

/** A list given either as a JSON array or as a comma-separated string (both occur in §5–§7). */
export function optList(b: Body, key: string): string[] | undefined {
  const v = b[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  throw badParam(`${key} must be a list`);
}

export function optBool(b: Body, key: string): boolean | undefined {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw badParam(`${key} must be a boolean`);
}

/** `yyyy-MM-dd HH:mm:ss` (or `yyyy-MM-dd HH:mm`, `yyyy-MM-dd`) in the tenant's zone → epoch ms. */
export function parseLocal(s: string, zone: string, key: string): number {
  for (const fmt of ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd']) {
    const dt = DateTime.fromFormat(s, fmt, { zone });
    if (dt.isValid) return dt.toMillis();
  }
  throw badParam(`${key} must be yyyy-MM-dd HH:mm:ss`);
}

export function formatLocal(ms: number, zone: string, fmt = 'yyyy-MM-dd HH:mm:ss'): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(fmt);
}
