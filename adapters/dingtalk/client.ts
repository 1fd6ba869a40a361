/**
 * The DingTalk HTTP client: one app token for both API families (docs/dingtalk.md §2.3), every
 * call through the shared per-API rate limiter and retry, answers classified by errors.ts, calls
 * counted (metric, connector total, monthly budget). Tokens and secrets never reach a log line:
 * the token travels in the query/header only, and failures are reported by errcode and message.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { DingtalkTenantConfig } from '../../config/schema.js';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from '../../src/http/retry.js';
import { VendorError, type VendorAction } from '../../src/http/vendorError.js';
import type { VendorDeps } from '../../src/vendor/contract.js';
import { CallBudget } from './client-budget.js';
import { DINGTALK_OAPI_BASE, DINGTALK_V1_BASE, DINGTALK_V1_TOKEN_HEADER, dingtalkApis, dingtalkLimits, type DingtalkApi, type DingtalkApiName } from './descriptor.js';
import { classifyOapi, classifyV1 } from './errors.js';

export type Json = Record<string, unknown>;

/** APIs the adapter calls that the shared catalogue (descriptor.ts) does not list yet. */
export const extraApis = {
  // 排班 write (SDK OapiAttendanceGroupScheduleAsyncRequest; docs/dingtalk.md §5.7 lists it without detail).
  groupScheduleAsync: { family: 'oapi', method: 'POST', path: '/topapi/attendance/group/schedule/async' },
} as const satisfies Record<string, DingtalkApi>;

type ExtraApiName = keyof typeof extraApis;
export type ApiName = DingtalkApiName | ExtraApiName;

function apiDef(api: ApiName): DingtalkApi {
  return api in extraApis ? extraApis[api as ExtraApiName] : dingtalkApis[api as DingtalkApiName];
}

export interface DingtalkClientOptions {
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Per app per API calls a second (20 on the standard edition, 40/60 on higher ones, §3). */
  qps?: number;
}

/** Counts the vendor calls of one page or one operation (retries included). */
export interface CallMeter {
  calls: number;
}

/** One file sent as multipart/form-data (media/upload). */
export interface UploadFile {
  field: string;
  fileName: string;
  content: Uint8Array;
  contentType: string;
}

export interface CallOptions {
  /** Sent as multipart/form-data instead of the JSON body. */
  file?: UploadFile;
  /** Urgent work (punches, approvals, callbacks) may use the last 10 % of the monthly budget. */
  urgent?: boolean;
  meter?: CallMeter;
  /** Extra query parameters (v1.0 APIs take some there, e.g. `userId`). */
  query?: Record<string, string>;
  retry?: RetryPolicy;
  timeoutMs?: number;
}

const VENDOR = 'dingtalk';
const DEFAULT_TIMEOUT_MS = 10_000;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What an answer means, in the error table's terms. */
function classify(family: DingtalkApi['family'], res: AxiosResponse<unknown>): { action: VendorAction; code: string; message: string } {
  const body = res.data;
  if (family === 'v1' || res.status !== 200) {
    const code = isObject(body) && typeof body['code'] === 'string' ? body['code'] : undefined;
    const c = classifyV1(res.status, code);
    if (c.action === 'ok' && !isObject(body)) return { action: 'retry', code: 'malformed', message: 'the answer is not a JSON object' };
    const message = isObject(body) && typeof body['message'] === 'string' ? body['message'] : c.meaning;
    return { action: c.action, code: code ?? `HTTP ${res.status}`, message };
  }
  if (!isObject(body)) return { action: 'retry', code: 'malformed', message: 'the answer is not a JSON object (gateway page?)' };
  // §3: the per-IP ban answers {"status":1111,"wait":5,"punish":"deny"} without an errcode.
  if (body['punish'] !== undefined) return { action: 'rate_limited', code: 'ip-ban', message: `egress IP throttled, wait ${String(body['wait'])} min` };
  const errcode = typeof body['errcode'] === 'number' ? body['errcode'] : Number(body['errcode']);
  if (!Number.isInteger(errcode)) return { action: 'retry', code: 'malformed', message: 'the answer has no errcode' };
  const sub = typeof body['sub_code'] === 'string' ? body['sub_code'] : undefined;
  const c = classifyOapi(errcode, sub);
  const message = typeof body['errmsg'] === 'string' ? body['errmsg'] : c.meaning;
  return { action: c.action, code: sub ? `${errcode}/${sub}` : String(errcode), message };
}

/** JSON, or a fresh FormData per attempt; axios replaces the multipart content type with one carrying the boundary. */
function requestBody(def: DingtalkApi, body: Json | undefined, file: UploadFile | undefined, headers: Record<string, string>): { headers: Record<string, string>; data?: unknown } {
  if (def.method === 'GET') return { headers };
  if (file === undefined) return { headers, data: body ?? {} };
  const form = new FormData();
  form.append(file.field, new Blob([file.content], { type: file.contentType }), file.fileName);
  return { headers: { ...headers, 'content-type': 'multipart/form-data' }, data: form };
}

export class DingtalkClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly qps: number;
  private readonly tokenKey: string;
  private total = 0;
  readonly budget: CallBudget;

  constructor(
    readonly tenant: DingtalkTenantConfig,
    readonly timezone: string,
    private readonly deps: VendorDeps,
    opts: DingtalkClientOptions = {},
  ) {
    this.http = axios.create({ timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, validateStatus: () => true, headers: { 'content-type': 'application/json', accept: 'application/json' } });
    this.retry = opts.retry ?? defaultRetryPolicy;
    this.qps = opts.qps ?? dingtalkLimits.qpsPerAppPerApi;
    // One token per app, whichever tenant entry uses it.
    this.tokenKey = `dingtalk|${tenant.appKey}`;
    this.budget = new CallBudget(deps.clock, timezone, tenant.monthlyCallBudget);
  }

  get logger(): VendorDeps['logger'] {
    return this.deps.logger;
  }

  /** The injected clock's time (write-backs stamp vendor records with it). */
  now(): number {
    return this.deps.clock.now();
  }

  /** Vendor calls made by this client since it was created (token calls included). */
  callCount(): number {
    return this.total;
  }

  /** Calls one API with the app token, retrying transient failures; resolves with the answer body. */
  async call(api: ApiName, body: Json | undefined, opts: CallOptions = {}): Promise<Json> {
    const def = apiDef(api);
    let used = '';
    return withRetry(
      async () => {
        this.budget.check(api, def.quotaExempt === true, opts.urgent === true);
        used = def.anonymous === true ? '' : await this.token();
        return this.attempt(api, def, body, used, opts);
      },
      () => this.deps.tokens.invalidate(this.tokenKey, used),
      opts.retry ?? this.retry,
    );
  }

  /** The one multipart helper: same token, limiter, retry, budget and classification as `call`. */
  upload(api: ApiName, file: UploadFile, opts: Omit<CallOptions, 'file'> = {}): Promise<Json> {
    return this.call(api, undefined, { ...opts, file });
  }

  private token(): Promise<string> {
    return this.deps.tokens.get(this.tokenKey, async () => {
      const out = await this.attempt('accessToken', dingtalkApis.accessToken, { appKey: this.tenant.appKey, appSecret: this.tenant.appSecret }, '', {});
      const token = out['accessToken'];
      const expireIn = Number(out['expireIn']);
      if (typeof token !== 'string' || token === '' || !(expireIn > 0)) throw new VendorError(VENDOR, 'accessToken', 'malformed', 'no accessToken/expireIn in the answer', 'retry');
      return { token, expiresIn: expireIn };
    });
  }

  private baseOf(def: DingtalkApi): string {
    const base = def.family === 'v1' ? (this.tenant.apiV1Base ?? DINGTALK_V1_BASE) : (this.tenant.apiBase ?? DINGTALK_OAPI_BASE);
    return base.replace(/\/+$/, '');
  }

  /** One HTTP request: counted, rate limited, classified; throws VendorError unless the answer is ok. */
  private async attempt(api: ApiName, def: DingtalkApi, body: Json | undefined, token: string, opts: CallOptions): Promise<Json> {
    const params: Record<string, string> = { ...opts.query };
    const headers: Record<string, string> = {};
    if (token !== '') {
      if (def.family === 'v1') headers[DINGTALK_V1_TOKEN_HEADER] = token;
      else params['access_token'] = token;
    }
    this.total += 1;
    if (opts.meter) opts.meter.calls += 1;
    this.budget.record(def.quotaExempt === true);
    let res: AxiosResponse<unknown>;
    try {
      res = await this.deps.limiters.schedule(`${this.tokenKey}|${api}`, { limit: this.qps, intervalMs: 1000 }, () =>
        this.http.request({
          method: def.method,
          url: `${this.baseOf(def)}${def.path}`,
          params,
          ...requestBody(def, body, opts.file, headers),
          ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs } : {}),
        }),
      );
    } catch (err) {
      // Re-thrown without the axios config, which holds the token in its URL.
      const code = (err as { code?: unknown }).code;
      this.count(api, 'network');
      throw new VendorError(VENDOR, api, typeof code === 'string' ? code : 'network', 'network failure', 'retry');
    }
    const c = classify(def.family, res);
    this.count(api, c.action);
    if (c.action === 'ok') return res.data as Json;
    if (c.action === 'quota_exhausted') this.budget.markExhausted();
    this.deps.logger.debug({ tenant: this.tenant.id, api, code: c.code, action: c.action }, 'dingtalk call refused');
    throw new VendorError(VENDOR, api, c.code, c.message, c.action);
  }

  private count(api: string, outcome: string): void {
    this.deps.metrics.vendorCalls.inc({ tenant: this.tenant.id, vendor: VENDOR, api, outcome });
  }
}
