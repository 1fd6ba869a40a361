import type { TenantConfig, WecomTenantConfig } from '../../config/schema.js';
import { VendorError } from '../../src/http/vendorError.js';
import type { LedgerChangeInput } from '../../src/ledger/model.js';
import type { CallbackCodec, InboxEvent, StreamDef, TenantConnector, VendorDeps, WriteBackItem, WriteBackResult } from '../../src/vendor/contract.js';
import { WecomClient, type WecomClientOptions } from './client.js';
import { userInfoSchema } from './client-schemas.js';
import { resolveEvent } from './events.js';
import { wecomCodec } from './receiver.js';
import { approvalsStream } from './streams/approvals.js';
import { punchesStream, resultsStream, schedulesStream } from './streams/checkin.js';
import { departmentsStream, usersStream } from './streams/contacts.js';
import type { WecomEnv } from './streams/env.js';
import { rulesStream } from './streams/rules.js';
import { writeBack } from './writeback.js';

/** The login-code exchange runs inside a web request: short timeout, one retry. */
const LOGIN_TIMEOUT_MS = 5000;

/** One connected WeCom corp. */
export class WecomConnector implements TenantConnector {
  readonly tenant: TenantConfig;
  private readonly client: WecomClient;
  private readonly env: WecomEnv;
  private readonly codecInstance: CallbackCodec | null;

  constructor(
    tenant: WecomTenantConfig,
    readonly timezone: string,
    deps: VendorDeps,
    opts: WecomClientOptions = {},
  ) {
    this.tenant = tenant;
    this.client = new WecomClient(tenant, deps, opts);
    this.env = { client: this.client, tenantId: tenant.id, zone: timezone, logger: deps.logger };
    const cb = tenant.callback;
    this.codecInstance = cb ? wecomCodec({ token: cb.token, encodingAesKey: cb.aesKey, corpId: tenant.corpId }, deps.clock, deps.callbackMaxAgeSeconds) : null;
  }

  /** In dependency order: org, plans, then facts. */
  streams(): StreamDef[] {
    const e = this.env;
    return [departmentsStream(e), usersStream(e), rulesStream(e), schedulesStream(e), punchesStream(e), approvalsStream(e), resultsStream(e)] as StreamDef[];
  }

  codec(): CallbackCodec | null {
    return this.codecInstance;
  }

  resolveEvent(event: InboxEvent): Promise<LedgerChangeInput[]> {
    return resolveEvent(this.env, event);
  }

  writeBack(item: WriteBackItem): Promise<WriteBackResult | void> {
    return writeBack(this.client, this.timezone, item);
  }

  /** auth/getuserinfo (§2): a corp member answers `userid`; anyone else only an `openid`. */
  async exchangeLoginCode(code: string): Promise<string> {
    const out = await this.client.call('auth_getuserinfo', { query: { code }, schema: userInfoSchema, timeoutMs: LOGIN_TIMEOUT_MS, retry: { retries: 1, minTimeoutMs: 200, maxTimeoutMs: 500 } });
    if (!out.userid) throw new VendorError('wecom', 'auth_getuserinfo', 'not_member', 'the login code belongs to someone outside the corp (openid only)', 'fail');
    return out.userid;
  }

  callCount(): number {
    return this.client.callCount();
  }
}
