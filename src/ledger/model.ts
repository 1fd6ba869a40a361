import { z } from 'zod';

/**
 * The vendor-neutral changes every source (adapters, check-in, devices, imports) hands to the
 * ledger. People are named by the source's own user id; the store maps them to employees.
 */

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const instant = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max);
const externalId = z.string().min(1).max(128);

export const requestTypes = ['leave', 'overtime', 'correction', 'trip', 'outing', 'time_off', 'field', 'swap'] as const;
export const requestStatuses = ['pending', 'approved', 'rejected', 'cancelled', 'revoked'] as const;
export const punchMethods = ['gps', 'wifi', 'device', 'ble', 'nfc', 'qr', 'manual', 'correction', 'import'] as const;
export const punchSources = ['vendor', 'checkin', 'device', 'import', 'api'] as const;
export const locationVerdicts = ['inside', 'outside', 'uncertain'] as const;
export const dayTypes = ['workday', 'restday', 'holiday', 'makeup'] as const;

export const departmentChange = z.strictObject({
  kind: z.literal('department'),
  externalId,
  parentExternalId: externalId.nullable(),
  name: text(200).min(1),
  sortOrder: z.number().int().default(0),
});

export const employeeChange = z.strictObject({
  kind: z.literal('employee'),
  externalUserId: externalId,
  name: text(200).min(1),
  departmentExternalId: externalId.nullable(),
  jobNumber: text(64).nullable().default(null),
  mobile: text(32).nullable().default(null),
  email: text(200).nullable().default(null),
  position: text(200).nullable().default(null),
  status: z.enum(['active', 'left']).default('active'),
  hiredOn: localDate.nullable().default(null),
});

export const punchChange = z.strictObject({
  kind: z.literal('punch'),
  externalUserId: externalId,
  /** Unique per tenant and stable across re-pulls and callbacks of the same punch. */
  sourceRecordKey: z.string().min(1).max(191),
  at: instant,
  source: z.enum(punchSources).default('vendor'),
  method: z.enum(punchMethods),
  locationVerdict: z.enum(locationVerdicts).default('inside'),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  datum: z.enum(['wgs84', 'gcj02', 'bd09']).nullable().default(null),
  accuracyM: z.number().nonnegative().nullable().default(null),
  wifiName: text(128).nullable().default(null),
  wifiMac: text(64).nullable().default(null),
  deviceSn: text(64).nullable().default(null),
  siteId: text(64).nullable().default(null),
  vendorVerdict: text(64).nullable().default(null),
  raw: z.unknown().optional(),
  /**
   * A live notice that carries less than the record a pull returns (a callback's summary):
   * stored when the punch is new, never overwriting a stored row, so a later pull completes it.
   */
  provisional: z.boolean().default(false),
});

export const requestChange = z
  .strictObject({
    kind: z.literal('request'),
    externalUserId: externalId,
    externalId,
    type: z.enum(requestTypes),
    subtype: text(32).nullable().default(null),
    startAt: instant,
    endAt: instant,
    unit: z.enum(['day', 'halfday', 'hour']).default('hour'),
    durationMinutes: z.number().int().nonnegative().nullable().default(null),
    status: z.enum(requestStatuses),
    swapExternalUserId: externalId.nullable().default(null),
    reason: text(500).nullable().default(null),
    approvers: z.array(z.strictObject({ externalUserId: externalId, decision: z.string(), at: instant.nullable() })).default([]),
    submittedAt: instant.nullable().default(null),
    decidedAt: instant.nullable().default(null),
    raw: z.unknown().optional(),
  })
  .refine((r) => r.endAt >= r.startAt, { message: 'endAt must not be before startAt', path: ['endAt'] });

export const shiftChange = z.strictObject({
  kind: z.literal('shift'),
  externalId,
  name: text(200).min(1),
  /** The rules.md shift object. */
  definition: z.record(z.string(), z.unknown()),
});

export const ruleGroupChange = z.strictObject({
  kind: z.literal('rule_group'),
  externalId,
  name: text(200).min(1),
  timezone: z.string().nullable().default(null),
  calendarId: text(64).default('CN'),
  pattern: z.record(z.string(), z.unknown()),
  policy: z.record(z.string(), z.unknown()).nullable().default(null),
  memberExternalUserIds: z.array(externalId).default([]),
});

export const rosterChange = z.strictObject({
  kind: z.literal('roster'),
  externalUserId: externalId,
  workDate: localDate,
  /** null = scheduled rest day. */
  shiftExternalId: externalId.nullable(),
});

export const calendarDayChange = z.strictObject({
  kind: z.literal('calendar_day'),
  calendar: text(64).min(1),
  date: localDate,
  dayType: z.enum(dayTypes),
  name: text(100).nullable().default(null),
});

export const vendorDayResultChange = z.strictObject({
  kind: z.literal('vendor_day_result'),
  externalUserId: externalId,
  workDate: localDate,
  status: text(32).min(1),
  detail: z.unknown(),
});

export const ledgerChange = z.discriminatedUnion('kind', [
  departmentChange,
  employeeChange,
  punchChange,
  requestChange,
  shiftChange,
  ruleGroupChange,
  rosterChange,
  calendarDayChange,
  vendorDayResultChange,
]);

export type LedgerChange = z.infer<typeof ledgerChange>;
export type LedgerChangeInput = z.input<typeof ledgerChange>;
export type ChangeKind = LedgerChange['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<LedgerChange, { kind: K }>;

/** A key of the recompute queue. */
export interface DayKey {
  employeeId: string;
  workDate: string;
}
