/**
 * WeCom API surface used by the adapter: paths, methods and the documented per-API limits
 * (docs/wecom.md §8). The client and the sandbox both read limits from here, so they agree.
 */
export interface WecomApi {
  method: 'GET' | 'POST';
  path: string;
  /** Calls per minute per corp (§8); APIs without a published number get the per-corp default. */
  perMinute: number;
  /** Maximum userids per call (`useridlist`). */
  maxUsers?: number;
  /** Maximum `endtime − starttime`, in days of 86 400 s. */
  maxSpanDays?: number;
  /** Maximum page size / records per call. */
  maxPageSize?: number;
}

/** Per corp, per single API (DOC 90454). */
export const CORP_PER_MINUTE = 10_000;
export const CORP_PER_HOUR = 150_000;
/** Normal access_token lifetime, seconds. */
export const TOKEN_TTL_SECONDS = 7200;

type Extra = Partial<Omit<WecomApi, 'method' | 'path'>>;
function api<E extends Extra = Record<never, never>>(method: WecomApi['method'], path: string, extra?: E): { method: WecomApi['method']; path: string; perMinute: number } & E {
  return { method, path, perMinute: CORP_PER_MINUTE, ...(extra ?? ({} as E)) };
}

export const wecomApis = {
  gettoken: api('GET', '/cgi-bin/gettoken'),
  getcheckindata: api('POST', '/cgi-bin/checkin/getcheckindata', { perMinute: 600, maxUsers: 100, maxSpanDays: 30 }),
  getcheckin_daydata: api('POST', '/cgi-bin/checkin/getcheckin_daydata', { perMinute: 100, maxUsers: 100, maxSpanDays: 30 }),
  getcheckin_monthdata: api('POST', '/cgi-bin/checkin/getcheckin_monthdata', { perMinute: 60, maxUsers: 100, maxSpanDays: 30 }),
  getcheckinoption: api('POST', '/cgi-bin/checkin/getcheckinoption', { maxUsers: 100 }),
  getcorpcheckinoption: api('POST', '/cgi-bin/checkin/getcorpcheckinoption', { perMinute: 60 }),
  getcheckinschedulist: api('POST', '/cgi-bin/checkin/getcheckinschedulist', { perMinute: 60, maxUsers: 100, maxSpanDays: 31 }),
  setcheckinschedulist: api('POST', '/cgi-bin/checkin/setcheckinschedulist'),
  add_checkin_record: api('POST', '/cgi-bin/checkin/add_checkin_record', { maxPageSize: 200 }),
  punch_correction: api('POST', '/cgi-bin/checkin/punch_correction', { perMinute: 600 }),
  getapprovalinfo: api('POST', '/cgi-bin/oa/getapprovalinfo', { perMinute: 600, maxSpanDays: 31, maxPageSize: 100 }),
  getapprovaldetail: api('POST', '/cgi-bin/oa/getapprovaldetail', { perMinute: 600 }),
  applyevent: api('POST', '/cgi-bin/oa/applyevent', { perMinute: 60 }),
  getuservacationquota: api('POST', '/cgi-bin/oa/vacation/getuservacationquota', { perMinute: 600 }),
  setoneuserquota: api('POST', '/cgi-bin/oa/vacation/setoneuserquota', { perMinute: 600 }),
  department_list: api('GET', '/cgi-bin/department/list'),
  department_simplelist: api('GET', '/cgi-bin/department/simplelist'),
  user_list_id: api('POST', '/cgi-bin/user/list_id', { maxPageSize: 10_000 }),
  user_get: api('GET', '/cgi-bin/user/get'),
  user_simplelist: api('GET', '/cgi-bin/user/simplelist'),
  auth_getuserinfo: api('GET', '/cgi-bin/auth/getuserinfo'),
  // Application messages (DOC 90236) and temporary media (DOC 90253); no published per-minute number.
  message_send: api('POST', '/cgi-bin/message/send', { maxUsers: 1000 }),
  media_upload: api('POST', '/cgi-bin/media/upload'),
} as const satisfies Record<string, WecomApi>;

export type WecomApiName = keyof typeof wecomApis;

/** Application-message limits (DOC 90236 message/send, DOC 90253 media/upload, errcodes from DOC 90313). */
export const wecomMessageLimits = {
  /** text.content, UTF-8 bytes (45002 beyond). */
  textMaxBytes: 2048,
  /** A `file` upload must be larger than 5 bytes (40006) and at most 20 MB (45001). */
  fileMinBytes: 6,
  fileMaxBytes: 20 * 1024 * 1024,
  /** media_id lifetime. */
  mediaTtlSeconds: 3 * 86_400,
  /** Identical request JSON within this window is delivered once (`enable_duplicate_check`; default 1800 s, at most 4 h). */
  duplicateCheckMaxSeconds: 4 * 3600,
  duplicateCheckDefaultSeconds: 1800,
  /** Per app and member; WeCom drops the excess without an error. */
  perUserPerMinute: 30,
} as const;

export const wecomDescriptor = {
  vendor: 'wecom',
  defaultBaseUrl: 'https://qyapi.weixin.qq.com',
  apis: wecomApis,
  corpPerMinute: CORP_PER_MINUTE,
  corpPerHour: CORP_PER_HOUR,
  tokenTtlSeconds: TOKEN_TTL_SECONDS,
  /** Callback receivers must answer within 5 s; WeCom re-sends on timeout or non-200 (§7.6). */
  callbackTimeoutMs: 5000,
  callbackRetries: 3,
  /** The environment variables that point the adapter at a tenant (or at the sandbox). */
  env: ['WECOM_API_BASE', 'WECOM_CORP_ID', 'WECOM_SECRET', 'WECOM_AGENT_ID', 'WECOM_CALLBACK_TOKEN', 'WECOM_CALLBACK_AES_KEY'],
} as const;
