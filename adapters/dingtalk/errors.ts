/**
 * DingTalk error table (docs/dingtalk.md §2.4, §3, §4): what a client should do with each
 * oapi `errcode` and each v1.0 (HTTP status, `code`) pair. The sandbox answers with the same
 * messages, so both sides read one table.
 */

export type DingtalkAction = 'ok' | 'retry' | 'rate_limited' | 'refresh_token' | 'quota_exhausted' | 'fail';

export interface DingtalkErrorClass {
  action: DingtalkAction;
  /** False when the code is not in the table (classified by its range/status). */
  known: boolean;
  meaning: string;
}

interface OapiEntry {
  action: DingtalkAction;
  errmsg: string;
}

export const oapiErrors = {
  [-1]: { action: 'retry', errmsg: '系统繁忙' },
  0: { action: 'ok', errmsg: 'ok' },
  15: { action: 'retry', errmsg: '远程服务调用超时' },
  // 88 depends on sub_code, see classifyOapi
  88: { action: 'fail', errmsg: '鉴权异常' },
  40001: { action: 'refresh_token', errmsg: '获取access_token时Secret错误，或者access_token无效' },
  40014: { action: 'refresh_token', errmsg: '不合法的access_token' },
  // Generic invalid-parameter code of the old API ([DOC2016] appendix); limit violations use it.
  40035: { action: 'fail', errmsg: '不合法的参数' },
  40078: { action: 'fail', errmsg: '不存在的临时授权码' },
  41001: { action: 'refresh_token', errmsg: '缺少access_token参数' },
  42001: { action: 'refresh_token', errmsg: 'access_token超时' },
  60003: { action: 'fail', errmsg: '部门不存在' },
  60011: { action: 'fail', errmsg: '没有调用该接口的权限' },
  60020: { action: 'fail', errmsg: '访问ip不在白名单之中' },
  60121: { action: 'fail', errmsg: '找不到该用户' },
  71006: { action: 'fail', errmsg: '回调地址已经存在' },
  71007: { action: 'fail', errmsg: '回调地址已不存在' },
  71008: { action: 'fail', errmsg: '回调call_back_tag必须在指定的call_back_tag列表中' },
  71009: { action: 'fail', errmsg: '返回文本非success' },
  71010: { action: 'fail', errmsg: 'POST的JSON数据不包含所需要的参数字段或包含的参数格式非法' },
  71011: { action: 'fail', errmsg: '传入的url参数不是合法的url格式' },
  71012: { action: 'fail', errmsg: 'url地址访问异常' },
  71013: { action: 'fail', errmsg: '此域名或IP不能注册或者接收回调事件' },
  90002: { action: 'rate_limited', errmsg: '该API调用过于频繁，已被限流' },
  90018: { action: 'rate_limited', errmsg: '当前应用调用该接口的QPS超过限制' },
  90020: { action: 'quota_exhausted', errmsg: '当前组织的API月调用量已达上限' },
  850012: { action: 'fail', errmsg: '开始时间和结束时间间隔不能超过31天' },
} as const satisfies Record<number, OapiEntry>;

export type OapiErrcode = keyof typeof oapiErrors;

/** Classify an oapi errcode; `subCode` matters only for 88 (empty = auth-service timeout). */
export function classifyOapi(errcode: number, subCode?: string): DingtalkErrorClass {
  if (errcode === 88) {
    return subCode
      ? { action: 'fail', known: true, meaning: `auth failure (sub_code ${subCode})` }
      : { action: 'retry', known: true, meaning: 'auth service timeout (88 without sub_code)' };
  }
  const entry = (oapiErrors as Record<number, OapiEntry>)[errcode];
  if (entry) return { action: entry.action, known: true, meaning: entry.errmsg };
  // 90001–90017: temporary bans at server/corp/app/ISV level — back off and retry (§4).
  if (errcode >= 90001 && errcode <= 90017) return { action: 'rate_limited', known: true, meaning: 'temporary ban' };
  // 900001–900010: callback crypto errors raised by reference libraries; never retry.
  if (errcode >= 900001 && errcode <= 900010) return { action: 'fail', known: true, meaning: 'callback crypto error' };
  return { action: 'fail', known: false, meaning: `unknown errcode ${errcode}` };
}

interface V1Entry {
  status: number;
  action: DingtalkAction;
  message: string;
}

export const v1Errors = {
  InvalidAuthentication: { status: 400, action: 'refresh_token', message: '不合法的access_token' },
  invalidClientIdOrSecret: { status: 400, action: 'fail', message: '无效的clientId或者clientSecret' },
  // A user token (not the app token) expired; refreshing the app token does not help.
  'accesstoken.expired': { status: 400, action: 'fail', message: '用户token已过期' },
  'Forbidden.AccessDenied.AccessTokenPermissionDenied': { status: 403, action: 'fail', message: '没有调用该接口的权限' },
  'Forbidden.AccessDenied.IpNotInWhiteList': { status: 403, action: 'fail', message: '访问ip不在白名单之中' },
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': { status: 403, action: 'rate_limited', message: '当前应用调用该接口的QPS超过限制' },
  'Forbidden.AccessDenied.QpmLimitForAppkeyAndApi': { status: 403, action: 'rate_limited', message: '当前应用调用该接口的QPM超过限制' },
  'Forbidden.AccessDenied.QpsLimitForApi': { status: 403, action: 'rate_limited', message: '该API调用过于频繁，已被限流' },
  'Forbidden.AccessDenied.ApiCountLimitForOrg': { status: 403, action: 'quota_exhausted', message: '当前组织的API月调用量已达上限' },
  'system.busy': { status: 429, action: 'rate_limited', message: '系统繁忙' },
  systemBusy: { status: 429, action: 'rate_limited', message: '系统繁忙' },
  invalidProcessCode: { status: 400, action: 'fail', message: '审批模板code不合法' },
  invalidInstanceListIdsStartTime: { status: 400, action: 'fail', message: '开始时间不合法' },
  invalidNextToken: { status: 400, action: 'fail', message: 'nextToken不合法' },
  invalidMaxResults: { status: 400, action: 'fail', message: 'maxResults不合法' },
  invalidEndTime: { status: 400, action: 'fail', message: '结束时间不合法' },
  invalidUserIds: { status: 400, action: 'fail', message: 'userIds不合法' },
  invalidProcessInstanceId: { status: 400, action: 'fail', message: '审批实例id不合法' },
  illegalDurationUnit: { status: 400, action: 'fail', message: '时长单位不合法' },
  illegalApproveType: { status: 400, action: 'fail', message: '审批类型不合法' },
  illegalCalculateType: { status: 400, action: 'fail', message: '计算类型不合法' },
  invalidRequestParams: { status: 400, action: 'fail', message: '请求参数不合法' },
  beginDateCannotAfterEndDate: { status: 400, action: 'fail', message: '开始时间不能晚于结束时间' },
  durationTooLong: { status: 400, action: 'fail', message: '时长过长' },
  dateTooEarly: { status: 400, action: 'fail', message: '日期过早' },
  systemError: { status: 500, action: 'retry', message: '系统错误' },
} as const satisfies Record<string, V1Entry>;

export type V1ErrorCode = keyof typeof v1Errors;

/** Classify a v1.0 response by HTTP status and body `code` (absent on success and on bare gateway errors). */
export function classifyV1(httpStatus: number, code?: string): DingtalkErrorClass {
  if (httpStatus >= 200 && httpStatus < 300) return { action: 'ok', known: true, meaning: 'ok' };
  const entry = code === undefined ? undefined : (v1Errors as Record<string, V1Entry>)[code];
  if (entry) return { action: entry.action, known: true, meaning: entry.message };
  if (httpStatus === 429) return { action: 'rate_limited', known: false, meaning: 'throttled' };
  if (httpStatus >= 500) return { action: 'retry', known: httpStatus >= 502 && httpStatus <= 504, meaning: `server error ${httpStatus}` };
  return { action: 'fail', known: false, meaning: `HTTP ${httpStatus} ${code ?? ''}`.trim() };
}
