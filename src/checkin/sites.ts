import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Knex } from 'knex';
import type { Db } from '../ledger/db.js';
import { isValidTimezone } from '../rules/time.js';
import { DATUMS, toWgs84, type LatLng } from './geo.js';

/** Sites and their fences (checkin.md §2, §7): schema, normalisation, storage. */

export const OUT_OF_RANGE = ['exception', 'field', 'reject'] as const;
export type OutOfRange = (typeof OUT_OF_RANGE)[number];
export const DEFAULT_MAX_ACCURACY_M = 200;

export const geoPoint = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  coordSystem: z.enum(DATUMS),
});
export type GeoPoint = z.infer<typeof geoPoint>;

/** Any of `AA:BB:…`, `aa-bb-…` or bare hex → `aa:bb:cc:dd:ee:ff`, so matching ignores case and separators. */
export function normaliseBssid(raw: string): string | null {
  const hex = raw.trim().toLowerCase().replace(/[:-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  return (hex.match(/../g) as string[]).join(':');
}

export const bssid = z.string().transform((v, ctx) => {
  const n = normaliseBssid(v);
  if (n === null) ctx.addIssue({ code: 'custom', message: 'a Wi-Fi BSSID: six hex bytes separated by : or -' });
  return n ?? v;
});

export const beacon = z.strictObject({
  uuid: z.uuid().transform((u) => u.toLowerCase()),
  major: z.number().int().min(0).max(65_535),
  minor: z.number().int().min(0).max(65_535),
});
export type Beacon = z.infer<typeof beacon>;

export const nfcTag = z.string().trim().min(1).max(128).transform((t) => t.toLowerCase());

export const siteBody = z
  .strictObject({
    name: z.string().min(1).max(200),
    timezone: z.string().refine(isValidTimezone, 'not an IANA timezone'),
    center: geoPoint,
    radiusM: z.number().positive().max(50_000).optional(),
    polygon: z.array(geoPoint).min(3).max(500).optional(),
    wifi: z.array(bssid).max(200).optional(),
    beacons: z.array(beacon).max(200).optional(),
    nfcTags: z.array(nfcTag).max(200).optional(),
    maxAccuracyM: z.number().positive().max(10_000).default(DEFAULT_MAX_ACCURACY_M),
    outOfRange: z.enum(OUT_OF_RANGE).optional(),
    ruleGroups: z.array(z.string().min(1).max(128)).max(500).optional().describe('rule group ids; absent = every employee'),
  })
  .refine((s) => s.radiusM !== undefined || s.polygon !== undefined, { path: ['radiusM'], message: 'a circle (radiusM) or a polygon is required' });
export type SiteBody = z.output<typeof siteBody>;

export const siteView = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    center: geoPoint,
    radiusM: z.number().nullable(),
    polygon: z.array(geoPoint).nullable(),
    wifi: z.array(z.string()),
    beacons: z.array(beacon),
    nfcTags: z.array(z.string()),
    maxAccuracyM: z.number(),
    outOfRange: z.enum(OUT_OF_RANGE).nullable(),
    ruleGroups: z.array(z.string()).nullable(),
  })
  .meta({ id: 'Site' });
export type SiteView = z.infer<typeof siteView>;

/** A site ready for judging: its fence in WGS-84 besides the coordinates as entered. */
export interface Site extends SiteView {
  wgs: { center: LatLng; polygon: LatLng[] | null };
}

interface SiteRow {
  id: string;
  name: string;
  timezone: string;
  fences: string;
  wifi: string | null;
  beacons: string | null;
  nfc: string | null;
  max_accuracy_m: number;
  out_of_range: string | null;
  rule_groups: string | null;
}

const parse = <T>(text: string | null, fallback: T): T => (text === null ? fallback : (JSON.parse(text) as T));

function fromRow(r: SiteRow): Site {
  const f = parse<{ center: GeoPoint; radiusM: number | null; polygon: GeoPoint[] | null }>(r.fences, { center: { lat: 0, lng: 0, coordSystem: 'wgs84' }, radiusM: null, polygon: null });
  return {
    id: r.id,
    name: r.name,
    timezone: r.timezone,
    center: f.center,
    radiusM: f.radiusM,
    polygon: f.polygon,
    wifi: parse(r.wifi, []),
    beacons: parse(r.beacons, []),
    nfcTags: parse(r.nfc, []),
    maxAccuracyM: Number(r.max_accuracy_m),
    outOfRange: (r.out_of_range as OutOfRange | null) ?? null,
    ruleGroups: parse(r.rule_groups, null),
    wgs: { center: toWgs84(f.center, f.center.coordSystem), polygon: f.polygon?.map((p) => toWgs84(p, p.coordSystem)) ?? null },
  };
}

export function siteToView(s: Site): SiteView {
  const { wgs: _wgs, ...view } = s;
  return view;
}

export async function createSite(db: Db, body: SiteBody, now: number): Promise<Site> {
  const id = `site_${randomBytes(6).toString('hex')}`;
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  const row: SiteRow & { created_at: number } = {
    id,
    name: body.name,
    timezone: body.timezone,
    fences: JSON.stringify({ center: body.center, radiusM: body.radiusM ?? null, polygon: body.polygon ?? null }),
    wifi: json([...new Set(body.wifi ?? [])]),
    beacons: json(body.beacons ?? []),
    nfc: json([...new Set(body.nfcTags ?? [])]),
    max_accuracy_m: body.maxAccuracyM,
    out_of_range: body.outOfRange ?? null,
    rule_groups: body.ruleGroups === undefined || body.ruleGroups.length === 0 ? null : JSON.stringify(body.ruleGroups),
    created_at: now,
  };
  await db('sites').insert(row);
  return fromRow(row);
}

const COLUMNS = ['id', 'name', 'timezone', 'fences', 'wifi', 'beacons', 'nfc', 'max_accuracy_m', 'out_of_range', 'rule_groups'];

export async function listSites(db: Db | Knex.Transaction): Promise<Site[]> {
  return ((await db('sites').select(COLUMNS).orderBy('id')) as SiteRow[]).map(fromRow);
}

export async function findSite(db: Db | Knex.Transaction, id: string): Promise<Site | undefined> {
  const row = (await db('sites').select(COLUMNS).where('id', id).first()) as SiteRow | undefined;
  return row === undefined ? undefined : fromRow(row);
}

/** The sites that apply to an employee: those without rule groups, and those naming the employee's group. */
export function sitesFor(sites: readonly Site[], ruleGroupId: string | null): Site[] {
  return sites.filter((s) => s.ruleGroups === null || (ruleGroupId !== null && s.ruleGroups.includes(ruleGroupId)));
}
