import type { DingtalkTenantConfig, TenantConfig, WecomTenantConfig } from '../../../config/schema.js';
import { configSchema, type Config } from '../../../config/schema.js';

/** The tenant ids the single-tenant variables give when both vendors are set (config/load.ts). */
export const ENV_TENANTS = { wecom: 'default', dingtalk: 'default-dingtalk' } as const;

const need = (env: Record<string, string>, name: string): string => {
  const v = env[name];
  if (v === undefined) throw new Error(`the sandbox did not print ${name}`);
  return v;
};

export function wecomTenant(id: string, env: Record<string, string>): WecomTenantConfig {
  return {
    id,
    vendor: 'wecom',
    corpId: need(env, 'WECOM_CORP_ID'),
    agentId: need(env, 'WECOM_AGENT_ID'),
    apiBase: need(env, 'WECOM_API_BASE'),
    secrets: { default: need(env, 'WECOM_SECRET') },
    callback: { token: need(env, 'WECOM_CALLBACK_TOKEN'), aesKey: need(env, 'WECOM_CALLBACK_AES_KEY') },
  };
}

export function dingtalkTenant(id: string, env: Record<string, string>): DingtalkTenantConfig {
  return {
    id,
    vendor: 'dingtalk',
    corpId: need(env, 'DINGTALK_CORP_ID'),
    appKey: need(env, 'DINGTALK_APP_KEY'),
    appSecret: need(env, 'DINGTALK_APP_SECRET'),
    apiBase: need(env, 'DINGTALK_API_BASE'),
    apiV1Base: need(env, 'DINGTALK_API_V1_BASE'),
    callback: { token: need(env, 'DINGTALK_CALLBACK_TOKEN'), aesKey: need(env, 'DINGTALK_CALLBACK_AES_KEY') },
  };
}

/** A whole configuration for an in-process runtime, validated by the service's own schema. */
export function benchConfig(databaseUrl: string, tenants: TenantConfig[], extra: Record<string, unknown> = {}): Config {
  return configSchema.parse({ databaseUrl, logLevel: 'silent', tenants, policy: {}, ...extra });
}
