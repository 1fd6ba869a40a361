import { readFileSync } from 'node:fs';
import { configSchema, type Config } from './schema.js';

/** Every configuration problem at once, readable, no stack trace. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Fields of a tenant that hold secrets; in a tenants file they must be `{ "env": "VAR_NAME" }`. */
const SECRET_PATHS = [['appSecret'], ['secrets', 'default'], ['secrets', 'checkin'], ['secrets', 'approval'], ['secrets', 'contact'], ['callback', 'token'], ['callback', 'aesKey']];

function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

function callbackFromEnv(token: string | undefined, aesKey: string | undefined): unknown {
  return token === undefined && aesKey === undefined ? undefined : { token, aesKey };
}

/**
 * `DINGTALK_PROCESS_CODES`: the approval processes to pull per request type,
 * `leave:PROC-1,PROC-2/overtime:PROC-3` (the form the sandbox prints: safe to source in a shell).
 */
export function parseProcessCodes(text: string | undefined): Record<string, string[]> | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const out: Record<string, string[]> = {};
  for (const part of text.split('/')) {
    const [type, codes] = part.split(':', 2);
    if (type === undefined || codes === undefined) continue;
    out[type.trim()] = codes.split(',').map((c) => c.trim()).filter(Boolean);
  }
  return out;
}

/** The single-tenant shortcut variables; with both vendors set the DingTalk tenant is `default-dingtalk`. */
function shortcutTenants(env: Env): unknown[] {
  const tenants: unknown[] = [];
  const hasWecom = Boolean(env.WECOM_CORP_ID);
  if (hasWecom) {
    tenants.push(
      compact({
        id: 'default',
        vendor: 'wecom',
        corpId: env.WECOM_CORP_ID,
        agentId: env.WECOM_AGENT_ID,
        apiBase: env.WECOM_API_BASE,
        timezone: env.TZ_DEFAULT,
        secrets: compact({
          default: env.WECOM_SECRET,
          checkin: env.WECOM_CHECKIN_SECRET,
          approval: env.WECOM_APPROVAL_SECRET,
          contact: env.WECOM_CONTACT_SECRET,
        }),
        callback: callbackFromEnv(env.WECOM_CALLBACK_TOKEN, env.WECOM_CALLBACK_AES_KEY),
      }),
    );
  }
  if (env.DINGTALK_CORP_ID || env.DINGTALK_APP_KEY) {
    tenants.push(
      compact({
        id: hasWecom ? 'default-dingtalk' : 'default',
        vendor: 'dingtalk',
        corpId: env.DINGTALK_CORP_ID,
        appKey: env.DINGTALK_APP_KEY,
        appSecret: env.DINGTALK_APP_SECRET,
        agentId: env.DINGTALK_AGENT_ID,
        processCodes: parseProcessCodes(env.DINGTALK_PROCESS_CODES),
        apiBase: env.DINGTALK_API_BASE,
        apiV1Base: env.DINGTALK_API_V1_BASE,
        eventMode: env.DINGTALK_EVENT_MODE,
        timezone: env.TZ_DEFAULT,
        callback: callbackFromEnv(env.DINGTALK_CALLBACK_TOKEN, env.DINGTALK_CALLBACK_AES_KEY),
      }),
    );
  }
  return tenants;
}

function readJsonFile(path: string, what: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    problems.push(`${what} ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Replaces `{ "env": "NAME" }` at secret paths with the variable's value; literal secrets are refused. */
function resolveSecrets(tenant: unknown, index: number, env: Env, problems: string[]): unknown {
  if (typeof tenant !== 'object' || tenant === null) return tenant;
  const copy = structuredClone(tenant) as Record<string, unknown>;
  for (const path of SECRET_PATHS) {
    let parent: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) {
      const next: unknown = parent?.[key];
      parent = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
    }
    const leaf = path[path.length - 1] as string;
    const value = parent?.[leaf];
    if (parent === undefined || value === undefined) continue;
    const where = `tenants.${index}.${path.join('.')}`;
    if (typeof value === 'object' && value !== null && typeof (value as { env?: unknown }).env === 'string') {
      const name = (value as { env: string }).env;
      const secret = env[name];
      if (secret === undefined || secret === '') problems.push(`${where}: environment variable ${name} is not set`);
      else parent[leaf] = secret;
    } else {
      problems.push(`${where}: secrets come only from the environment; write {"env": "VARIABLE_NAME"}`);
      delete parent[leaf];
    }
  }
  return copy;
}

function fileTenants(env: Env, problems: string[]): unknown[] {
  if (!env.TENANTS_FILE) return [];
  const data = readJsonFile(env.TENANTS_FILE, 'TENANTS_FILE', problems);
  if (data === undefined) return [];
  const list = Array.isArray(data) ? data : (data as { tenants?: unknown }).tenants;
  if (!Array.isArray(list)) {
    problems.push(`TENANTS_FILE ${env.TENANTS_FILE}: expected a JSON array of tenants (or {"tenants": [...]})`);
    return [];
  }
  return list.map((t, i) => resolveSecrets(t, i, env, problems));
}

const ENV_NAMES: Record<string, string> = {
  databaseUrl: 'DATABASE_URL',
  port: 'PORT',
  publicUrl: 'PUBLIC_URL',
  logLevel: 'LOG_LEVEL',
  timezone: 'TZ_DEFAULT',
  syncBackfillDays: 'SYNC_BACKFILL_DAYS',
  bodyLimit: 'BODY_LIMIT',
  callbackMaxAgeSeconds: 'CALLBACK_MAX_AGE_SECONDS',
  policy: 'POLICY_FILE',
  'retention.rawRetentionDays': 'RAW_RETENTION_DAYS',
  'retention.archiveAfterMonths': 'ARCHIVE_AFTER_MONTHS',
  'retention.archiveDir': 'ARCHIVE_DIR',
  'reminders.expiryDays': 'REMINDER_EXPIRY_DAYS',
  'reminders.approvalPendingHours': 'REMINDER_APPROVAL_HOURS',
  'reminders.hrEmployeeIds': 'REMINDER_HR_EMPLOYEES',
  'reportWebhook.url': 'REPORT_WEBHOOK_URL',
  'reportWebhook.secret': 'REPORT_WEBHOOK_SECRET',
  'wechat.appId': 'WECHAT_APP_ID',
  'wechat.secret': 'WECHAT_APP_SECRET',
  'wechat.apiBase': 'WECHAT_API_BASE',
};

/** Reads the whole configuration from the environment (and the files it names); throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const tenants = [...shortcutTenants(env), ...fileTenants(env, problems)];
  const policy = env.POLICY_FILE ? (readJsonFile(env.POLICY_FILE, 'POLICY_FILE', problems) ?? {}) : {};
  const raw = compact({
    databaseUrl: env.DATABASE_URL,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL,
    timezone: env.TZ_DEFAULT,
    syncBackfillDays: env.SYNC_BACKFILL_DAYS,
    bodyLimit: env.BODY_LIMIT,
    callbackMaxAgeSeconds: env.CALLBACK_MAX_AGE_SECONDS,
  });
  const retention = compact({ rawRetentionDays: env.RAW_RETENTION_DAYS, archiveAfterMonths: env.ARCHIVE_AFTER_MONTHS, archiveDir: env.ARCHIVE_DIR });
  const reminders = compact({
    expiryDays: env.REMINDER_EXPIRY_DAYS,
    approvalPendingHours: env.REMINDER_APPROVAL_HOURS,
    hrEmployeeIds: env.REMINDER_HR_EMPLOYEES?.split(',').map((s) => s.trim()).filter(Boolean),
  });
  const wechat =
    env.WECHAT_APP_ID || env.WECHAT_APP_SECRET
      ? { appId: env.WECHAT_APP_ID, secret: env.WECHAT_APP_SECRET, apiBase: (env.WECHAT_API_BASE ?? 'https://api.weixin.qq.com').replace(/\/$/, '') }
      : undefined;
  const reportWebhook = env.REPORT_WEBHOOK_URL ? compact({ url: env.REPORT_WEBHOOK_URL, secret: env.REPORT_WEBHOOK_SECRET }) : undefined;
  const parsed = configSchema.safeParse({ ...raw, tenants, policy, retention, reminders, ...(wechat ? { wechat } : {}), ...(reportWebhook ? { reportWebhook } : {}) });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const [head, ...rest] = path;
      const nested = ENV_NAMES[path.slice(0, 2).join('.')];
      const name = nested ?? (head !== undefined && head in ENV_NAMES ? `${ENV_NAMES[head]}${rest.length ? `.${rest.join('.')}` : ''}` : path.join('.'));
      problems.push(`${name || '(root)'}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}
