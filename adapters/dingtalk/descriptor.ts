/**
 * DingTalk API catalogue: hosts, every path the adapter calls, and the documented limits
 * (docs/dingtalk.md §1–§7). The sandbox routes and limits are derived from this table, so the
 * fake and the client cannot drift apart.
 */

export const DINGTALK_OAPI_BASE = 'https://oapi.dingtalk.com';
export const DINGTALK_V1_BASE = 'https://api.dingtalk.com';

/** `oapi`: errcode in a 200 body, `?access_token=`; `v1`: HTTP status + `code`, `x-acs-dingtalk-access-token`. */
export type DingtalkFamily = 'oapi' | 'v1';

export const DINGTALK_V1_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

export interface DingtalkApi {
  family: DingtalkFamily;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** Token, auth and contacts APIs do not count against the monthly org quota (§3). */
  quotaExempt?: boolean;
  /** Needs no access token (the token endpoints themselves). */
  anonymous?: boolean;
  /** Request limits the vendor enforces for this API. */
  limits?: {
    maxUsers?: number;
    maxDays?: number;
    maxPageSize?: number;
    /** listids / instanceIds: window on create time. */
    maxSpanDays?: number;
    maxStartAgeDays?: number;
    maxItems?: number;
  };
}

export const dingtalkApis = {
  // §2 tokens
  gettoken: { family: 'oapi', method: 'GET', path: '/gettoken', quotaExempt: true, anonymous: true },
  accessToken: { family: 'v1', method: 'POST', path: '/v1.0/oauth2/accessToken', quotaExempt: true, anonymous: true },
  // free-login: one-time authCode from the H5/mini-app → userid
  getUserInfoByCode: { family: 'oapi', method: 'POST', path: '/topapi/v2/user/getuserinfo', quotaExempt: true },
  // §5.1–5.3 attendance data
  attendanceList: { family: 'oapi', method: 'POST', path: '/attendance/list', limits: { maxUsers: 50, maxDays: 7, maxPageSize: 50 } },
  attendanceListRecord: { family: 'oapi', method: 'POST', path: '/attendance/listRecord', limits: { maxUsers: 50, maxDays: 7 } },
  getUpdateData: { family: 'oapi', method: 'POST', path: '/topapi/attendance/getupdatedata' },
  // §5.6 vacation quotas
  vacationTypeList: { family: 'oapi', method: 'POST', path: '/topapi/attendance/vacation/type/list' },
  vacationQuotaList: { family: 'oapi', method: 'POST', path: '/topapi/attendance/vacation/quota/list', limits: { maxPageSize: 50 } },
  vacationQuotaUpdate: { family: 'oapi', method: 'POST', path: '/topapi/attendance/vacation/quota/update', limits: { maxItems: 100 } },
  // §5.7 groups, shifts, schedules
  getSimpleGroups: { family: 'oapi', method: 'POST', path: '/topapi/attendance/getsimplegroups', limits: { maxPageSize: 10 } },
  getUserGroup: { family: 'oapi', method: 'POST', path: '/topapi/attendance/getusergroup' },
  listSchedule: { family: 'oapi', method: 'POST', path: '/topapi/attendance/listschedule', limits: { maxPageSize: 200 } },
  scheduleListByDay: { family: 'oapi', method: 'POST', path: '/topapi/attendance/schedule/listbyday' },
  scheduleListByUsers: { family: 'oapi', method: 'POST', path: '/topapi/attendance/schedule/listbyusers', limits: { maxUsers: 50, maxDays: 7, maxStartAgeDays: 180 } },
  shiftList: { family: 'oapi', method: 'POST', path: '/topapi/attendance/shift/list' },
  shiftQuery: { family: 'oapi', method: 'POST', path: '/topapi/attendance/shift/query' },
  // §5.8/5.9 write-backs
  approveFinish: { family: 'oapi', method: 'POST', path: '/topapi/attendance/approve/finish', limits: { maxSpanDays: 31, maxStartAgeDays: 31 } },
  approveFinishV1: { family: 'v1', method: 'POST', path: '/v1.0/attendance/approvals/finish', limits: { maxSpanDays: 31 } },
  approveCancel: { family: 'oapi', method: 'POST', path: '/topapi/attendance/approve/cancel' },
  approveCheck: { family: 'oapi', method: 'POST', path: '/topapi/attendance/approve/check' },
  approveScheduleSwitch: { family: 'oapi', method: 'POST', path: '/topapi/attendance/approve/schedule/switch' },
  recordUpload: { family: 'oapi', method: 'POST', path: '/topapi/attendance/record/upload', limits: { maxStartAgeDays: 180 } },
  // §6 approvals
  processInstanceListIds: { family: 'oapi', method: 'POST', path: '/topapi/processinstance/listids', limits: { maxPageSize: 20, maxUsers: 10, maxSpanDays: 120, maxStartAgeDays: 365, maxItems: 10_000 } },
  processInstanceGet: { family: 'oapi', method: 'POST', path: '/topapi/processinstance/get' },
  instanceIdsQueryV1: { family: 'v1', method: 'POST', path: '/v1.0/workflow/processes/instanceIds/query', limits: { maxPageSize: 20, maxUsers: 10, maxSpanDays: 120, maxStartAgeDays: 365, maxItems: 10_000 } },
  processInstanceGetV1: { family: 'v1', method: 'GET', path: '/v1.0/workflow/processInstances' },
  // §7 contacts (quota-exempt)
  departmentListSub: { family: 'oapi', method: 'POST', path: '/topapi/v2/department/listsub', quotaExempt: true },
  userListId: { family: 'oapi', method: 'POST', path: '/topapi/user/listid', quotaExempt: true },
  userList: { family: 'oapi', method: 'POST', path: '/topapi/v2/user/list', quotaExempt: true, limits: { maxPageSize: 100 } },
  userGet: { family: 'oapi', method: 'POST', path: '/topapi/v2/user/get', quotaExempt: true },
  // §8.4 callbacks that failed every retry
  callbackFailedResult: { family: 'oapi', method: 'GET', path: '/call_back/get_call_back_failed_result', limits: { maxItems: 200 } },
  // Work notifications ([DOC] asynchronous-sending-of-enterprise-session-messages, [SDK-TOP] OapiMessageCorpconversationAsyncsendV2Request)
  messageSend: { family: 'oapi', method: 'POST', path: '/topapi/message/corpconversation/asyncsend_v2', limits: { maxUsers: 100 } },
  mediaUpload: { family: 'oapi', method: 'POST', path: '/media/upload' },
  // To-dos ([SDK-TOP] OapiWorkrecordAddRequest / OapiWorkrecordUpdateRequest): formItemList ≤ 20
  workrecordAdd: { family: 'oapi', method: 'POST', path: '/topapi/workrecord/add', limits: { maxItems: 20 } },
  workrecordUpdate: { family: 'oapi', method: 'POST', path: '/topapi/workrecord/update' },
} as const satisfies Record<string, DingtalkApi>;

export type DingtalkApiName = keyof typeof dingtalkApis;

export const dingtalkLimits = {
  /** Standard edition, per app per API, 1 s window (§3). */
  qpsPerAppPerApi: 20,
  tokenTtlSeconds: 7200,
  /** Refresh this long before expiry (official guide: ~10 minutes). */
  tokenRefreshMarginSeconds: 600,
  /** Documented monthly org quota (5 000 in the 2026-05 doc; 10 000 earlier). */
  monthlyOrgQuota: 5000,
  /** Callback answer deadline for `check_url` (1500 ms in one doc, 2500 ms in another). */
  callbackAckMs: 1500,
  /** Push retries after a failed delivery: +10 s, then +30 s (§8.4). */
  callbackRetryDelaysMs: [10_000, 30_000],
} as const;

/** Work-notification and media limits ([DOC] send work notification, upload media files; see the report notes). */
export const dingtalkMessageLimits = {
  /** Same app, same content, same user: delivered once per day; the call still succeeds. */
  sameContentPerUserPerDay: 1,
  /** Per app and user per day; beyond it the call succeeds but nothing is delivered. */
  perUserPerDay: 500,
  /** media/upload `file` type. */
  fileMaxBytes: 20 * 1024 * 1024,
} as const;

/** Which API a request hits, by family base-relative method + path; undefined for unknown paths. */
export function findDingtalkApi(method: string, path: string): DingtalkApiName | undefined {
  const m = method.toUpperCase();
  for (const [name, api] of Object.entries(dingtalkApis) as [DingtalkApiName, DingtalkApi][]) {
    if (api.path === path && api.method === m) return name;
  }
  return undefined;
}
