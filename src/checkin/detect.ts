import type { Knex } from 'knex';
import type { Judgement } from './fence.js';
import { haversineM, toWgs84, type Datum, type LatLng } from './geo.js';

/** The anomaly codes of checkin.md §6, computed when a check-in arrives. */
export const ANOMALY_CODES = [
  'outside_fence',
  'poor_accuracy',
  'fence_edge_retries',
  'impossible_travel',
  'shared_device',
  'new_device',
  'clock_skew',
  'mock_location',
  'qr_replay',
] as const;
export type AnomalyCode = (typeof ANOMALY_CODES)[number];

export interface Flag {
  code: AnomalyCode;
  /** What a reviewer needs to judge it; never precise coordinates. */
  evidence: Record<string, unknown>;
}

/** Thresholds from checkin.md §6. */
export const LIMITS = {
  windowMs: 10 * 60_000,
  edgeRetries: 3,
  travelKmh: 150,
  travelMinM: 2000,
  skewMs: 60_000,
} as const;

/** One arrival (a check-in or an attempt), as the detectors see it. */
export interface Arrival {
  employeeId: string;
  at: number;
  judgement: Judgement;
  /** The fix in WGS-84, when the client sent one. */
  fix: LatLng | null;
  deviceId: string | null;
  mock: boolean;
  /** Client clock offset (server − client), when known. */
  skewMs: number | null;
  rawAt: number | null;
  /** Refused (reject policy, or an event refusal). */
  refused: boolean;
  /** An expired or foreign QR token was presented. */
  qrReplay: { reason: string } | null;
}

/** Whether an arrival counts toward fence_edge_retries: refused or uncertain, within 2× the radius. */
export function nearFence(a: Arrival): boolean {
  const { site, distanceM, verdict } = a.judgement;
  if (site === null || distanceM === null) return false;
  if (!a.refused && verdict !== 'uncertain') return false;
  // A polygon's distance is to its edge: within "2× the radius" means within one radius of the edge.
  const radius = site.radiusM ?? Math.max(...(site.wgs.polygon ?? []).map((p) => haversineM(p, site.wgs.center)));
  return site.wgs.polygon === null ? distanceM <= 2 * radius : distanceM <= radius;
}

async function edgeRetries(trx: Knex.Transaction, a: Arrival): Promise<Flag | null> {
  if (!nearFence(a)) return null;
  const row = (await trx('checkin_attempts')
    .count({ n: '*' })
    .where({ employee_id: a.employeeId, near_fence: true })
    .where('at', '>', a.at - LIMITS.windowMs)
    .where('at', '<=', a.at)
    .first()) as { n: number | string } | undefined;
  const attempts = Number(row?.n ?? 0) + 1;
  return attempts >= LIMITS.edgeRetries ? { code: 'fence_edge_retries', evidence: { attempts, windowMinutes: 10, siteId: a.judgement.site?.id ?? null } } : null;
}

interface PunchFix {
  id: number | string;
  at: number | string;
  lat: number;
  lng: number;
  datum: Datum | null;
}

async function impossibleTravel(trx: Knex.Transaction, a: Arrival, ownPunchId: string | null): Promise<Flag | null> {
  if (a.fix === null) return null;
  const q = trx('punches');
  // The arrival's own punch may already be written (same transaction): it is not its own predecessor.
  if (ownPunchId !== null) q.whereNot('id', ownPunchId);
  const prev = (await q
    .select('id', 'at', 'lat', 'lng', 'datum')
    .where('employee_id', a.employeeId)
    .where('at', '<=', a.at)
    .whereNotNull('lat')
    .whereNotNull('lng')
    .orderBy('at', 'desc')
    .first()) as PunchFix | undefined;
  if (prev === undefined) return null;
  const distanceM = haversineM(toWgs84({ lat: Number(prev.lat), lng: Number(prev.lng) }, prev.datum ?? 'wgs84'), a.fix);
  const hours = (a.at - Number(prev.at)) / 3_600_000;
  const speedKmh = hours <= 0 ? Number.POSITIVE_INFINITY : distanceM / 1000 / hours;
  if (distanceM <= LIMITS.travelMinM || speedKmh <= LIMITS.travelKmh) return null;
  return {
    code: 'impossible_travel',
    evidence: { previousPunchId: String(prev.id), distanceM: Math.round(distanceM), minutes: Math.round(hours * 600) / 10, speedKmh: Number.isFinite(speedKmh) ? Math.round(speedKmh) : null },
  };
}

async function deviceFlags(trx: Knex.Transaction, a: Arrival): Promise<Flag[]> {
  const device = a.deviceId;
  if (device === null) return [];
  const out: Flag[] = [];
  const others = (await trx('checkin_attempts')
    .distinct('employee_id')
    .where('device_id', device)
    .whereNot('employee_id', a.employeeId)
    .where('at', '>', a.at - LIMITS.windowMs)
    .where('at', '<', a.at + LIMITS.windowMs)) as { employee_id: string }[];
  if (others.length > 0) out.push({ code: 'shared_device', evidence: { deviceId: device, otherEmployees: others.map((o) => o.employee_id).sort() } });
  const mine = (await trx('checkin_attempts').distinct('device_id').where('employee_id', a.employeeId).whereNotNull('device_id')) as { device_id: string }[];
  // The first device an employee uses is their enrolment; a different one later is new.
  if (mine.length > 0 && !mine.some((d) => d.device_id === device)) out.push({ code: 'new_device', evidence: { deviceId: device, knownDevices: mine.length } });
  return out;
}

/** Every flag the arrival raises; run before the arrival itself is recorded as an attempt. */
export async function detect(trx: Knex.Transaction, a: Arrival, ownPunchId: string | null): Promise<Flag[]> {
  const j = a.judgement;
  const flags: Flag[] = [];
  if (j.verdict === 'outside') flags.push({ code: 'outside_fence', evidence: { siteId: j.site?.id ?? null, distanceM: j.distanceM } });
  if (j.poorAccuracy) flags.push({ code: 'poor_accuracy', evidence: { siteId: j.site?.id ?? null, maxAccuracyM: j.site?.maxAccuracyM ?? null } });
  if (a.skewMs !== null && Math.abs(a.skewMs) > LIMITS.skewMs) flags.push({ code: 'clock_skew', evidence: { offsetSeconds: Math.round(a.skewMs / 1000), rawAt: a.rawAt } });
  if (a.mock) flags.push({ code: 'mock_location', evidence: { reportedBy: 'client' } });
  if (a.qrReplay !== null) flags.push({ code: 'qr_replay', evidence: a.qrReplay });
  for (const f of [await edgeRetries(trx, a), await impossibleTravel(trx, a, ownPunchId)]) if (f !== null) flags.push(f);
  flags.push(...(await deviceFlags(trx, a)));
  return flags;
}
