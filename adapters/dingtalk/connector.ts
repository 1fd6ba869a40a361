/**
 * One connected DingTalk tenant: the pulled streams, the HTTP-push codec (verify, decrypt, owner
 * key, replay age, encrypted `success` reply), event resolution into ledger changes, write-backs
 * and the free-login code exchange — all through one client (token, limiter, retry, budget).
 */
import { z } from 'zod';
import type { DingtalkTenantConfig } from '../../config/schema.js';
import { AppError } from '../../src/errors.js';
import { VendorError } from '../../src/http/vendorError.js';
import type { LedgerChangeInput } from '../../src/ledger/model.js';
import type { CallbackCodec, CallbackRequest, InboxEvent, StreamDef, TenantConnector, VendorDeps, WriteBackItem } from '../../src/vendor/contract.js';
import { getUser, listRecords, parseAnswer, userIdByAuthCode } from './client-api.js';
import { DingtalkClient, type CallMeter, type DingtalkClientOptions } from './client.js';
import { buildAck, decodeCallback, DingtalkCallbackError, type DingtalkCallbackConfig, type DingtalkEvent } from './codec.js';
import { eventKeyOf, failedItemToEvent } from './map/event.js';
import { employeeFrom } from './map/org.js';
import { eventPunchSchema, isDeviceUpload, punchFromEvent, punchFromRecord } from './map/punch.js';
import { addDays, localDate, startOfDay } from './map/time.js';
import { fetchRequest, typeOfProcessCode } from './streams/approvals.js';
import { dingtalkStreams } from './streams/index.js';
import { allDepartments } from './streams/org.js';
import { performWriteBack } from './writeback.js';

export type DingtalkConnectOptions = DingtalkClientOptions;

/** The login exchange runs inside a web request: short timeout, one retry. */
const LOGIN_CALL = { urgent: true, timeoutMs: 5000, retry: { retries: 1, minTimeoutMs: 200, maxTimeoutMs: 500 } };

const APPROVAL_EVENTS = new Set(['bpms_instance_change', 'bpms_task_change', 'attendance_approve_status_change']);
const USER_EVENTS = new Set(['user_add_org', 'user_modify_org', 'user_active_org']);
const DEPT_EVENTS = new Set(['org_dept_create', 'org_dept_modify']);

const failedListAnswer = z.looseObject({ has_more: z.boolean().default(false), failed_list: z.array(z.record(z.string(), z.unknown())).default([]) });

const strings = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');

/** Decrypts with each accepted owner key (app key for console subscriptions, corp id for API-registered ones, §8.1). */
function decodeForOwners(base: Omit<DingtalkCallbackConfig, 'ownerKey'>, owners: readonly string[], query: CallbackRequest['query'], body: unknown): { event: DingtalkEvent; cfg: DingtalkCallbackConfig } {
  for (const ownerKey of owners) {
    const cfg = { ...base, ownerKey };
    try {
      return { event: decodeCallback(cfg, query, body), cfg };
    } catch (err) {
      if (err instanceof DingtalkCallbackError && err.reason === 'wrong_receiver') continue;
      throw err;
    }
  }
  throw new AppError('forbidden', 'The event is addressed to another DingTalk app or corp.');
}

export function createCallbackCodec(tenant: DingtalkTenantConfig, deps: Pick<VendorDeps, 'clock' | 'callbackMaxAgeSeconds'>): CallbackCodec | null {
  const callback = tenant.callback;
  if (callback === undefined) return null;
  const base = { token: callback.token, aesKey: callback.aesKey };
  const owners = [tenant.appKey, tenant.corpId];
  return {
    decode(req) {
      if (req.method !== 'POST') throw new AppError('bad_request', 'DingTalk pushes events with POST.');
      let body: unknown;
      try {
        body = JSON.parse(req.body);
      } catch {
        throw new AppError('bad_request', 'The body is not JSON.');
      }
      const { event, cfg } = decodeForOwners(base, owners, req.query, body);
      const stamp = Number(req.query['timestamp'] ?? req.query['timeStamp']);
      // Pushes are stamped in ms; some reference code uses seconds.
      const sentAt = stamp < 1e12 ? stamp * 1000 : stamp;
      if (deps.callbackMaxAgeSeconds > 0 && deps.clock.now() - sentAt > deps.callbackMaxAgeSeconds * 1000) {
        throw new AppError('bad_signature', 'The callback is older than the allowed age (replay?).');
      }
      const reply = { status: 200, contentType: 'application/json', body: JSON.stringify(buildAck(cfg, deps.clock.now())) };
      if (event.eventType === 'check_url') return { events: [], reply };
      const stored: InboxEvent = { eventKey: eventKeyOf(event.eventType, event.fields, event.eventKey), eventType: event.eventType, payload: event.fields };
      return { events: [stored], reply };
    },
  };
}

export class DingtalkConnector implements TenantConnector {
  readonly client: DingtalkClient;
  private readonly codecInstance: CallbackCodec | null;

  constructor(
    readonly tenant: DingtalkTenantConfig,
    readonly timezone: string,
    deps: VendorDeps,
    opts: DingtalkConnectOptions = {},
  ) {
    this.client = new DingtalkClient(tenant, timezone, deps, opts);
    this.codecInstance = createCallbackCodec(tenant, deps);
  }

  streams(): StreamDef[] {
    return dingtalkStreams(this.client);
  }

  codec(): CallbackCodec | null {
    return this.codecInstance;
  }

  async resolveEvent(event: InboxEvent): Promise<LedgerChangeInput[]> {
    const p = event.payload;
    if (event.eventType === 'attendance_check_record') return this.resolvePunches(p);
    if (APPROVAL_EVENTS.has(event.eventType)) return this.resolveApproval(p);
    if (event.eventType === 'attend_user_daily_summary_refresh') {
      const [user] = strings(p['userId']);
      const date = typeof p['workDate'] === 'string' ? p['workDate'].slice(0, 10) : '';
      return user && /^\d{4}-\d{2}-\d{2}$/.test(date) ? this.punchesOfDay(user, date) : [];
    }
    if (USER_EVENTS.has(event.eventType)) return this.resolveUsers(strings(p['userId'] ?? p['UserId']));
    if (DEPT_EVENTS.has(event.eventType)) return allDepartments(this.client, { calls: 0 });
    // user_leave_org, org_dept_remove and unknown events: stored and acknowledged, nothing to change
    // (the ledger's change model has no deletions; the org streams keep the tree current).
    return [];
  }

  /** Punches straight from the event; an item without its time is fetched for that user's day. */
  private async resolvePunches(p: Record<string, unknown>): Promise<LedgerChangeInput[]> {
    const items = Array.isArray(p['dataList']) ? p['dataList'] : Array.isArray(p['DataList']) ? p['DataList'] : [];
    const out: LedgerChangeInput[] = [];
    for (const item of items as unknown[]) {
      const parsed = eventPunchSchema.safeParse(item);
      if (parsed.success) {
        // Our own device punches written back to DingTalk come back as events too: they are in the ledger already.
        if (isDeviceUpload(parsed.data)) continue;
        out.push(punchFromEvent(parsed.data));
        continue;
      }
      const user = strings((item as Record<string, unknown> | null)?.['userId'])[0];
      const at = Number(p['EventTime']);
      if (user !== undefined && Number.isFinite(at) && at > 0) out.push(...(await this.punchesOfDay(user, localDate(at, this.timezone))));
    }
    return out;
  }

  private async punchesOfDay(user: string, date: string): Promise<LedgerChangeInput[]> {
    const records = await listRecords(this.client, [user], startOfDay(date, this.timezone), startOfDay(addDays(date, 1), this.timezone) - 1000, { urgent: true });
    return records.map(punchFromRecord).filter((x): x is NonNullable<typeof x> => x !== null);
  }

  private async resolveApproval(p: Record<string, unknown>): Promise<LedgerChangeInput[]> {
    const id = p['processInstanceId'];
    const code = p['processCode'];
    if (typeof id !== 'string' || id === '' || typeof code !== 'string') return [];
    // Only the processes configured for this tenant are attendance requests.
    const type = typeOfProcessCode(this.tenant, code);
    if (type === undefined) return [];
    const change = await fetchRequest(this.client, id, type, { urgent: true });
    return change ? [change] : [];
  }

  private async resolveUsers(ids: readonly string[]): Promise<LedgerChangeInput[]> {
    const meter: CallMeter = { calls: 0 };
    const out: LedgerChangeInput[] = [];
    for (const id of ids) {
      try {
        out.push(employeeFrom(await getUser(this.client, id, { meter }), this.timezone));
      } catch (err) {
        // 60121: the user is gone again by the time we ask; nothing to record.
        if (err instanceof VendorError && err.code === '60121') continue;
        throw err;
      }
    }
    return out;
  }

  /**
   * Events DingTalk gave up pushing (§8.4). Each read clears what it returned on the vendor side,
   * so every page is handed to `store` (the inbox) before the next page is read.
   */
  async recoverMissedEvents(store: (events: InboxEvent[]) => Promise<void>): Promise<number> {
    let count = 0;
    for (let more = true; more; ) {
      const answer = parseAnswer('callbackFailedResult', failedListAnswer, await this.client.call('callbackFailedResult', undefined, { urgent: true }));
      const events = answer.failed_list.map(failedItemToEvent).filter((e): e is InboxEvent => e !== null);
      await store(events);
      count += events.length;
      more = answer.has_more && answer.failed_list.length > 0;
    }
    return count;
  }

  writeBack(item: WriteBackItem): Promise<void> {
    return performWriteBack(this.client, item);
  }

  exchangeLoginCode(code: string): Promise<string> {
    return userIdByAuthCode(this.client, code, LOGIN_CALL);
  }

  callCount(): number {
    return this.client.callCount();
  }
}
