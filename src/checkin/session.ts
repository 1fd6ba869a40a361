import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { VendorError } from '../http/vendorError.js';
import type { Db } from '../ledger/db.js';
import { formatInstant } from '../rules/time.js';
import { actorOf, writeAudit } from '../api/audit.js';
import type { Principal } from '../api/auth/roles.js';
import { createToken } from '../api/auth/tokens.js';
import { employeeId } from '../api/schemas.js';
import type { TenantConnector } from '../vendor/contract.js';
import type { CheckinDeps } from './employee.js';
import { exchangeWechatCode, type WechatConfig } from './wechat.js';

/** Employee sessions from vendor login codes (checkin.md §1), and WeChat openid bindings. */

export const SESSION_HOURS = 12;
const BINDING_CODE_HOURS = 72;
/** Crockford-style alphabet without 0/O, 1/I/L: codes are read aloud and typed on phones. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const BINDING_CODE_LENGTH = 10;

export interface SessionDeps extends CheckinDeps {
  connectors: { get(id: string): TenantConnector | undefined; all(): TenantConnector[] };
  wechat?: WechatConfig | undefined;
}

export const sessionBody = z.strictObject({
  vendor: z.enum(['wecom', 'dingtalk', 'wechat']),
  tenant: z.string().min(1).max(64).optional().describe('the tenant id; needed when several tenants use the vendor'),
  code: z.string().min(1).max(512).describe('the one-time login code from the host app'),
  bindingCode: z.string().min(1).max(32).optional().describe('WeChat only: the one-time code HR handed out, to bind this openid'),
  guest: z.boolean().optional().describe('WeChat only: a guest token for one open event (no employee record needed)'),
  eventId: z.string().min(1).max(64).optional().describe('the open event a guest session is for'),
});
export type SessionBody = z.output<typeof sessionBody>;

export const sessionView = z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.string(), employeeId: z.string(), role: z.literal('employee') });
export type SessionView = z.infer<typeof sessionView>;

const hash = (code: string): string => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** Refused codes are 401 naming the vendor's code; a vendor outage is 503 or 429, never a login failure. */
export function mapVendorError(err: unknown): never {
  if (!(err instanceof VendorError)) throw err;
  if (err.action === 'rate_limited') throw new AppError('rate_limited', `${err.vendor} is rate limiting logins; try again shortly.`, { vendor: err.vendor, vendorCode: err.code });
  if (err.transient) throw new AppError('vendor_unavailable', undefined, { vendor: err.vendor, vendorCode: err.code });
  throw new AppError('unauthenticated', `The login code was refused by ${err.vendor} (${err.code}).`, { vendor: err.vendor, vendorCode: err.code });
}

function connectorFor(deps: SessionDeps, vendor: 'wecom' | 'dingtalk', tenant: string | undefined): TenantConnector {
  const candidates = tenant === undefined ? deps.connectors.all().filter((c) => c.tenant.vendor === vendor) : [deps.connectors.get(tenant)].filter((c) => c?.tenant.vendor === vendor);
  const [only, ...more] = candidates as TenantConnector[];
  if (only === undefined) throw new AppError('validation_failed', `No ${vendor} tenant${tenant === undefined ? ' is configured' : ` "${tenant}"`}.`, { issues: [{ path: 'body.tenant', message: 'unknown tenant' }] });
  if (more.length > 0) throw new AppError('validation_failed', `Several ${vendor} tenants are configured: name one.`, { issues: [{ path: 'body.tenant', message: 'required' }] });
  return only;
}

async function activeEmployee(db: Db, id: string | undefined): Promise<string> {
  const row = id === undefined ? undefined : ((await db('employees').select('id', 'status').where('id', id).first()) as { id: string; status: string } | undefined);
  if (row === undefined || row.status !== 'active') throw new AppError('unauthenticated', 'The user is not an active employee here.');
  return row.id;
}

/** The openid's employee; an unbound openid is bound by a valid binding code, once. */
async function wechatEmployee(deps: SessionDeps, openid: string, bindingCode: string | undefined): Promise<string | undefined> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const bound = (await trx('wechat_bindings').select('employee_id').where('openid', openid).first()) as { employee_id: string } | undefined;
    if (bound !== undefined) return bound.employee_id;
    if (bindingCode === undefined) throw new AppError('unauthenticated', 'This WeChat account is not bound to an employee: ask HR for a binding code.', { bindable: true });
    const code = (await trx('binding_codes').select('employee_id').where('code_hash', hash(bindingCode)).whereNull('used_at').where('expires_at', '>', now).first()) as { employee_id: string } | undefined;
    // The conditional update makes a code single-use even when two phones race with it.
    const used = code === undefined ? 0 : await trx('binding_codes').where('code_hash', hash(bindingCode)).whereNull('used_at').update({ used_at: now });
    if (code === undefined || used !== 1) throw new AppError('unauthenticated', 'The binding code is unknown, used or expired.');
    await trx('wechat_bindings').insert({ openid, employee_id: code.employee_id, created_at: now });
    await writeAudit(trx, { at: now, actor: 'session:wechat', action: 'bind', entity: 'wechat_binding', entityId: code.employee_id, before: null, after: { employeeId: code.employee_id }, reason: null });
    return code.employee_id;
  });
}

/** Exchanges the login code through the vendor and issues a short-lived employee token. */
export async function openSession(deps: SessionDeps, body: SessionBody): Promise<SessionView> {
  let employee: string | undefined;
  let label: string;
  if (body.vendor === 'wechat') {
    const cfg = deps.wechat;
    if (cfg === undefined) throw new AppError('validation_failed', 'No WeChat mini-program is configured.', { issues: [{ path: 'body.vendor', message: 'not configured' }] });
    const openid = await exchangeWechatCode(cfg, body.code).catch(mapVendorError);
    employee = await wechatEmployee(deps, openid, body.bindingCode);
    label = 'session:wechat';
  } else {
    const connector = connectorFor(deps, body.vendor, body.tenant);
    const userId = await connector.exchangeLoginCode(body.code).catch(mapVendorError);
    const identity = (await deps.db('employee_identities').select('employee_id').where({ tenant_id: connector.tenant.id, external_user_id: userId }).first()) as { employee_id: string } | undefined;
    employee = identity?.employee_id;
    label = `session:${connector.tenant.id}`;
  }
  const id = await activeEmployee(deps.db, employee);
  const expiresAt = deps.clock.now() + SESSION_HOURS * 3_600_000;
  const token = await createToken(deps.db, { role: 'employee', employeeId: id, name: label, expiresAt, actor: label }, deps.clock);
  return { token, tokenType: 'Bearer', expiresAt: formatInstant(expiresAt, deps.config.timezone), employeeId: id, role: 'employee' };
}

export const bindingCodeBody = z.strictObject({
  employeeId,
  ttlHours: z.number().int().min(1).max(24 * 30).default(BINDING_CODE_HOURS),
});
export const bindingCodeView = z.object({ code: z.string(), employeeId: z.string(), expiresAt: z.string() });

/** HR hands the employee a one-time code; only its hash is stored. */
export async function createBindingCode(deps: CheckinDeps, p: Principal, body: z.output<typeof bindingCodeBody>): Promise<z.infer<typeof bindingCodeView>> {
  const now = deps.clock.now();
  await activeEmployee(deps.db, body.employeeId).catch(() => {
    throw new AppError('validation_failed', 'body.employeeId: no such active employee', { issues: [{ path: 'body.employeeId', message: 'no such active employee' }] });
  });
  const code = Array.from({ length: BINDING_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const expiresAt = now + body.ttlHours * 3_600_000;
  await deps.db.transaction(async (trx) => {
    await trx('binding_codes').insert({ code_hash: hash(code), employee_id: body.employeeId, created_by: actorOf(p), created_at: now, expires_at: expiresAt });
    await writeAudit(trx, { at: now, actor: actorOf(p), action: 'create', entity: 'binding_code', entityId: body.employeeId, before: null, after: { employeeId: body.employeeId, expiresAt }, reason: null });
  });
  return { code, employeeId: body.employeeId, expiresAt: formatInstant(expiresAt, deps.config.timezone) };
}
