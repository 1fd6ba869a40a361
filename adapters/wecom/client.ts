import axios, { type AxiosInstance } from 'axios';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { WecomTenantConfig } from '../../config/schema.js';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from '../../src/http/retry.js';
import { VendorError } from '../../src/http/vendorError.js';
import type { VendorDeps } from '../../src/vendor/contract.js';
import { wecomApis, wecomDescriptor, type WecomApiName } from './descriptor.js';
import { classify } from './errors.js';
import { tokenSchema } from './client-schemas.js';

/** Which application secret an API family uses (docs/wecom.md §2); absent ones fall back to `default`. */
export type SecretFamily = 'default' | 'checkin' | 'approval' | 'contact';

const FAMILY: Record<WecomApiName, SecretFamily> = {
  gettoken: 'default',
  getcheckindata: 'checkin',
  getcheckin_daydata: 'checkin',
  getcheckin_monthdata: 'checkin',
  getcheckinoption: 'checkin',
  getcorpcheckinoption: 'checkin',
  getcheckinschedulist: 'checkin',
  setcheckinschedulist: 'checkin',
  add_checkin_record: 'checkin',
  punch_correction: 'checkin',
  getapprovalinfo: 'approval',
  getapprovaldetail: 'approval',
  applyevent: 'approval',
  getuservacationquota: 'approval',
  setoneuserquota: 'approval',
  department_list: 'contact',
  department_simplelist: 'contact',
  user_list_id: 'contact',
  user_get: 'contact',
  user_simplelist: 'contact',
  auth_getuserinfo: 'default',
  // Application messages go out as the tenant's agent, whose secret is the default one.
  message_send: 'default',
  media_upload: 'default',
};

export interface WecomClientOptions {
  retry?: RetryPolicy;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

/** Counts the HTTP requests made on behalf of one stream page (retries included). */
export interface CallTally {
  calls: number;
}

/** One file sent as multipart/form-data (media/upload). */
export interface UploadFile {
  field: string;
  fileName: string;
  content: Uint8Array;
  contentType: string;
}

export interface CallOptions<T> {
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as multipart/form-data instead of a JSON body. */
  file?: UploadFile;
  schema: z.ZodType<T>;
  tally?: CallTally;
  timeoutMs?: number;
  retry?: RetryPolicy;
}

const VENDOR = wecomDescriptor.vendor;

/** JSON, or a fresh FormData per attempt (axios sets the multipart boundary itself). */
function postBody(opts: Pick<CallOptions<unknown>, 'body' | 'file'>): { data: unknown; headers?: Record<string, string> } {
  const f = opts.file;
  if (f === undefined) return { data: JSON.stringify(opts.body ?? {}), headers: { 'content-type': 'application/json' } };
  const form = new FormData();
  form.append(f.field, new Blob([f.content], { type: f.contentType }), f.fileName);
  return { data: form };
}

/**
 * One tenant's WeCom API client: a token per (corp, secret) through the shared single-flight
 * cache, the per-API minute limit through the shared limiters, retries with jittered backoff for
 * transient errcodes and network failures, and one refresh-and-retry when a token is refused.
 */
export class WecomClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;
  private total = 0;

  constructor(
    readonly tenant: WecomTenantConfig,
    private readonly deps: VendorDeps,
    opts: WecomClientOptions = {},
  ) {
    this.retry = opts.retry ?? defaultRetryPolicy;
    // Bodies are parsed here, not by axios, so a non-JSON answer is reported as malformed.
    this.http = axios.create({ baseURL: tenant.apiBase ?? wecomDescriptor.defaultBaseUrl, timeout: opts.timeoutMs ?? 15_000, responseType: 'text', transformResponse: (x: unknown) => x });
  }

  /** The injected clock's time. */
  now(): number {
    return this.deps.clock.now();
  }

  /** HTTP requests made since start, token fetches and retries included. */
  callCount(): number {
    return this.total;
  }

  async call<T>(api: WecomApiName, opts: CallOptions<T>): Promise<T> {
    const family = FAMILY[api];
    const secret = this.secretOf(family);
    const key = `wecom|${this.tenant.corpId}|${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
    let used = '';
    const attempt = async (): Promise<T> => {
      used = await this.deps.tokens.get(key, () => this.fetchToken(secret, opts.tally));
      return this.request(api, { ...opts, query: { ...opts.query, access_token: used } });
    };
    return withRetry(attempt, () => this.deps.tokens.invalidate(key, used), opts.retry ?? this.retry);
  }

  /** The one multipart helper: same token, limiter, retry and classification as `call`. */
  upload<T>(api: WecomApiName, file: UploadFile, opts: Omit<CallOptions<T>, 'body' | 'file'>): Promise<T> {
    return this.call(api, { ...opts, file });
  }

  private secretOf(family: SecretFamily): string {
    const s = this.tenant.secrets;
    const secret = (family === 'default' ? undefined : s[family]) ?? s.default ?? s.checkin ?? s.approval ?? s.contact;
    if (secret === undefined) throw new VendorError(VENDOR, 'gettoken', 'no_secret', `tenant ${this.tenant.id} has no secret for ${family}`, 'fail');
    return secret;
  }

  private async fetchToken(secret: string, tally?: CallTally): Promise<{ token: string; expiresIn: number }> {
    const out = await this.request('gettoken', { query: { corpid: this.tenant.corpId, corpsecret: secret }, schema: tokenSchema, ...(tally ? { tally } : {}) });
    return { token: out.access_token, expiresIn: out.expires_in };
  }

  /** One HTTP exchange, rate-limited per API; errcodes become classified VendorErrors. */
  private async request<T>(api: WecomApiName, opts: CallOptions<T>): Promise<T> {
    const def = wecomApis[api];
    const limitKey = `wecom|${this.tenant.corpId}|${api}`;
    return this.deps.limiters.schedule(limitKey, { limit: def.perMinute, intervalMs: 60_000 }, async () => {
      this.total += 1;
      if (opts.tally) opts.tally.calls += 1;
      let text: string;
      try {
        const res = await this.http.request<string>({
          method: def.method,
          url: def.path,
          params: opts.query,
          ...(def.method === 'POST' ? postBody(opts) : {}),
          ...(opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs }),
        });
        text = res.data;
      } catch (err) {
        throw this.transportError(api, err);
      }
      return this.parse(api, text, opts.schema);
    });
  }

  private parse<T>(api: WecomApiName, text: string, schema: z.ZodType<T>): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.count(api, 'malformed');
      throw new VendorError(VENDOR, api, 'malformed', 'response is not JSON', 'fail');
    }
    const errcode = (json as { errcode?: unknown } | null)?.errcode;
    // Some answers (e.g. getcheckinschedulist samples) omit errcode on success; a present one decides.
    if (errcode !== undefined && errcode !== 0) {
      const code = typeof errcode === 'number' ? errcode : Number(errcode);
      const info = classify(Number.isFinite(code) ? code : -1, api);
      this.count(api, info.action);
      const errmsg = String((json as { errmsg?: unknown }).errmsg ?? info.meaning);
      throw new VendorError(VENDOR, api, code, errmsg, info.action === 'ok' ? 'fail' : info.action);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      this.count(api, 'malformed');
      const issue = parsed.error.issues[0];
      throw new VendorError(VENDOR, api, 'malformed', `unexpected response shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`, 'fail');
    }
    this.count(api, 'ok');
    return parsed.data;
  }

  /**
   * Timeouts, resets and 5xx are transient (retried here, then by the outbox); other HTTP
   * statuses are not. The axios error is not passed on: its config holds the access_token.
   */
  private transportError(api: WecomApiName, err: unknown): VendorError {
    const e = err as { code?: string; response?: { status?: number }; message?: string };
    const status = e.response?.status;
    if (status !== undefined && status < 500) {
      this.count(api, 'http_error');
      return new VendorError(VENDOR, api, `http_${status}`, `HTTP ${status}`, 'fail');
    }
    this.count(api, 'network');
    return new VendorError(VENDOR, api, status === undefined ? `network_${e.code ?? 'error'}` : `http_${status}`, e.code ?? `HTTP ${status}`, 'retry');
  }

  private count(api: WecomApiName, outcome: string): void {
    this.deps.metrics.vendorCalls.inc({ tenant: this.tenant.id, vendor: VENDOR, api, outcome });
  }
}
