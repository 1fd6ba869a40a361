import { z } from 'zod';
import { balancePolicySchema } from '../src/rules/balances/policy.js';
import { reminderSettingsSchema } from '../src/reminders/settings.js';
import { retentionSettingsSchema } from '../src/retention/settings.js';

/**
 * One schema for everything the service reads at start: environment, tenants and rule policy.
 * Secrets never come from files: a tenants file names the environment variables that hold them.
 */

const ianaZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA timezone');

const aesKey = z.string().regex(/^[A-Za-z0-9]{43}$/, 'EncodingAESKey must be exactly 43 letters or digits');
const tenantId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _ (max 64)');

export const callbackSchema = z.strictObject({ token: z.string().min(1).max(32), aesKey });

export const wecomTenantSchema = z.strictObject({
  id: tenantId,
  vendor: z.literal('wecom'),
  name: z.string().optional(),
  timezone: ianaZone.optional(),
  corpId: z.string().min(1),
  agentId: z.string().optional(),
  apiBase: z.url().optional(),
  /** `default` is used for every API family whose own secret is absent. */
  secrets: z
    .strictObject({
      default: z.string().min(1).optional(),
      checkin: z.string().min(1).optional(),
      approval: z.string().min(1).optional(),
      contact: z.string().min(1).optional(),
    })
    .refine((s) => s.default !== undefined || (s.checkin !== undefined && s.approval !== undefined && s.contact !== undefined), {
      message: 'a secret is required: WECOM_SECRET, or all of the checkin, approval and contact secrets',
    }),
  callback: callbackSchema.optional(),
});

export const dingtalkTenantSchema = z.strictObject({
  id: tenantId,
  vendor: z.literal('dingtalk'),
  name: z.string().optional(),
  timezone: ianaZone.optional(),
  corpId: z.string().min(1),
  appKey: z.string().min(1),
  appSecret: z.string().min(1),
  agentId: z.string().optional(),
  apiBase: z.url().optional(),
  apiV1Base: z.url().optional(),
  callback: callbackSchema.optional(),
  /** How events arrive: HTTP callbacks to a public URL (the default), or a Stream long connection (no public URL needed). */
  eventMode: z.enum(['http', 'stream']).optional(),
  /** Approval process codes per request type, so pulls list only the processes that matter. */
  processCodes: z.partialRecord(z.enum(['leave', 'overtime', 'trip', 'outing', 'correction', 'time_off', 'field']), z.array(z.string())).optional(),
  /** Vendor API calls allowed per month (standard orgs get a few thousand); non-urgent pulls pause near it. */
  monthlyCallBudget: z.number().int().positive().optional(),
});

export const tenantSchema = z.discriminatedUnion('vendor', [wecomTenantSchema, dingtalkTenantSchema]);
export type TenantConfig = z.infer<typeof tenantSchema>;
export type WecomTenantConfig = z.infer<typeof wecomTenantSchema>;
export type DingtalkTenantConfig = z.infer<typeof dingtalkTenantSchema>;

export const policySchema = z.strictObject({
  /** What an out-of-fence punch does when the rule group does not say (rules.md "Location verdicts"). */
  outOfRange: z.enum(['exception', 'field', 'reject']).default('exception'),
  /** Corrections (补卡) may be filed this many days after the work date, at most this many a month. */
  correctionWindowDays: z.number().int().min(0).default(30),
  correctionsPerMonth: z.number().int().min(0).default(5),
  /** Offline check-ins older than this (hours) become correction requests instead of punches. */
  offlineMaxAgeHours: z.number().int().min(1).default(72),
  /** Employee attributes that identify one person across tenants (one employee, two identities). */
  identityKeys: z.array(z.enum(['job_number', 'mobile', 'email'])).default(['job_number']),
  /** Overtime → 调休 conversion: per day type, rounding, expiry (rules/balances). */
  timeOff: balancePolicySchema.prefault({}),
});
export type Policy = z.infer<typeof policySchema>;

const databaseUrl = z
  .string()
  .refine((u) => /^(mysql2?|mariadb):\/\/[^/]+\/[A-Za-z0-9_$-]+(\?.*)?$/.test(u) || /^(sqlite|file):.+/.test(u), {
    message: 'expected mysql://user[:password]@host[:port]/database or sqlite:PATH',
  });

export const configSchema = z.strictObject({
  databaseUrl: databaseUrl.optional(),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where people reach this service (links in vendor approvals and messages); default http://localhost:PORT. */
  publicUrl: z.url().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  timezone: ianaZone.default('Asia/Shanghai'),
  syncBackfillDays: z.coerce.number().int().min(1).max(366).default(31),
  bodyLimit: z.string().default('1mb'),
  /** Callbacks signed longer ago than this are refused as replays (0 turns the check off). */
  callbackMaxAgeSeconds: z.coerce.number().int().min(0).default(86_400),
  /** Raw payload retention and month archiving (RAW_RETENTION_DAYS, ARCHIVE_AFTER_MONTHS, ARCHIVE_DIR). */
  retention: retentionSettingsSchema.prefault({}),
  /** Reminders (REMINDER_EXPIRY_DAYS, REMINDER_APPROVAL_HOURS, REMINDER_HR_EMPLOYEES). */
  reminders: reminderSettingsSchema.prefault({}),
  /** Where the monthly report goes on the 1st (REPORT_WEBHOOK_URL, https only; REPORT_WEBHOOK_SECRET signs it). */
  reportWebhook: z.strictObject({ url: z.url().refine((u) => u.startsWith('https://'), 'must use https'), secret: z.string().min(1).optional() }).optional(),
  /** The WeChat mini-program used for check-in (WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_API_BASE); absent: not offered. */
  wechat: z.strictObject({ appId: z.string().min(1), secret: z.string().min(1), apiBase: z.url() }).optional(),
  tenants: z.array(tenantSchema).superRefine((tenants, ctx) => {
    const seen = new Set<string>();
    for (const t of tenants) {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', message: `duplicate tenant id "${t.id}"` });
      seen.add(t.id);
    }
  }),
  policy: policySchema,
});
export type Config = z.infer<typeof configSchema>;
