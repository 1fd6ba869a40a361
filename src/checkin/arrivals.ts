import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { applyChanges } from '../ledger/apply.js';
import type { LedgerChangeInput } from '../ledger/model.js';
import { insertIgnore } from '../ledger/upsert.js';
import { formatInstant } from '../rules/time.js';
import { detect, nearFence, type Arrival, type Flag } from './detect.js';
import type { CheckinMethod, Signals } from './fence.js';

/**
 * Check-in punches live under this ledger tenant. Each employee answers to its own id there
 * (as imports do), so applyChanges resolves them without a vendor identity.
 */
export const CHECKIN_TENANT = 'checkin';

/** The punch object of the fixed contract (checkin.md §7). */
export interface PunchView {
  id: string;
  at: string;
  siteId: string | null;
  verdict: 'inside' | 'outside' | 'uncertain';
  distanceM: number | null;
  flags: string[];
}

export interface PunchInput {
  employeeId: string;
  zone: string;
  /** Natural key: `checkin:<employee>:<clientId>` or `checkin:<employee>:event:<event>`. */
  sourceRecordKey: string;
  at: number;
  method: CheckinMethod | 'qr';
  signals: Signals;
  deviceId: string | null;
  arrival: Arrival;
  raw: Record<string, unknown>;
}

/** Writes the punch through the ledger (marking its days dirty) and returns its id. */
export async function writePunch(trx: Knex.Transaction, p: PunchInput, clock: Clock): Promise<string> {
  const now = clock.now();
  await insertIgnore(trx, 'employee_identities', ['tenant_id', 'external_user_id'], [{ tenant_id: CHECKIN_TENANT, external_user_id: p.employeeId, employee_id: p.employeeId, created_at: now }]);
  const j = p.arrival.judgement;
  const loc = p.signals.location;
  const change: LedgerChangeInput = {
    kind: 'punch',
    externalUserId: p.employeeId,
    sourceRecordKey: p.sourceRecordKey,
    at: p.at,
    source: 'checkin',
    method: p.method,
    locationVerdict: j.verdict,
    lat: loc?.lat ?? null,
    lng: loc?.lng ?? null,
    datum: loc?.coordSystem ?? null,
    accuracyM: loc?.accuracy ?? null,
    wifiName: p.signals.wifi?.ssid ?? null,
    wifiMac: p.signals.wifi?.bssid ?? null,
    deviceSn: p.deviceId,
    siteId: j.site?.id ?? null,
    raw: { ...p.raw, distanceM: j.distanceM },
  };
  await applyChanges(trx, { id: CHECKIN_TENANT, timezone: p.zone }, [change], clock);
  const row = (await trx('punches').select('id').where({ tenant_id: CHECKIN_TENANT, source_record_key: p.sourceRecordKey }).first()) as { id: number | string };
  return String(row.id);
}

export interface Recorded {
  attemptId: string;
  flags: Flag[];
}

/**
 * Keeps the arrival as an attempt (evidence, and history for the detectors) and stores its
 * flags: on the punch when there is one, else on the attempt. Nothing is ever dropped.
 */
export async function recordArrival(
  trx: Knex.Transaction,
  a: Arrival,
  opts: { kind: 'checkin' | 'event'; subject: string | null; punchId: string | null; code: string | null; now: number },
): Promise<Recorded> {
  const flags = await detect(trx, a, opts.punchId);
  const j = a.judgement;
  const inserted = (await trx('checkin_attempts').insert({
    employee_id: a.employeeId,
    kind: opts.kind,
    subject: opts.subject,
    at: a.at,
    outcome: opts.punchId === null ? 'refused' : 'punch',
    code: opts.code,
    verdict: j.verdict,
    site_id: j.site?.id ?? null,
    distance_m: j.distanceM,
    near_fence: nearFence(a),
    device_id: a.deviceId,
    punch_id: opts.punchId,
    created_at: opts.now,
  })) as number[];
  const attemptId = String(inserted[0]);
  const subject = opts.punchId === null ? { subject_kind: 'attempt', subject_id: attemptId } : { subject_kind: 'punch', subject_id: opts.punchId };
  await insertIgnore(
    trx,
    'anomalies',
    ['subject_kind', 'subject_id', 'code'],
    flags.map((f) => ({ ...subject, code: f.code, evidence: JSON.stringify(f.evidence), state: 'open', employee_id: a.employeeId, at: a.at, created_at: opts.now })),
  );
  return { attemptId, flags };
}

export function punchView(punchId: string, a: Arrival, zone: string, flags: readonly Flag[]): PunchView {
  return {
    id: punchId,
    at: formatInstant(a.at, zone),
    siteId: a.judgement.site?.id ?? null,
    verdict: a.judgement.verdict,
    distanceM: a.judgement.distanceM,
    flags: [...new Set(flags.map((f) => f.code))].sort(),
  };
}

/** A duplicate key on insert, on SQLite and MySQL alike (a concurrent twin won the race). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'ER_DUP_ENTRY' || (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) || /UNIQUE constraint failed/.test(e.message ?? '');
}
