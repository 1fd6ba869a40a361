import type { TenantConfig } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import type { RateLimiters } from '../http/limiter.js';
import type { TokenCache } from '../http/tokenCache.js';
import type { LedgerChangeInput } from '../ledger/model.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * The contract every vendor adapter implements. The pipeline (stream runner, callback receiver,
 * inbox drain, outbox flush) knows only these shapes; anything that names an errcode, a corp id,
 * XML or a vendor field lives in `adapters/<vendor>/`.
 */

/** Process-wide services an adapter's clients share. */
export interface VendorDeps {
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  tokens: TokenCache;
  limiters: RateLimiters;
  /** Callbacks whose timestamp is older than this are refused (0 = no check). */
  callbackMaxAgeSeconds: number;
}

/** What the ledger tells a stream while it runs (adapters never query the database themselves). */
export interface StreamContext {
  /** The tenant's known user ids, sorted ascending (for APIs that take a user list). */
  userIds(): Promise<string[]>;
}

/** A date range in the tenant's timezone, inclusive. */
export interface DateRange {
  from: string;
  to: string;
}

/** One page of a stream: the changes it yields, and the cursor to save once they are committed. */
export interface StreamPage<C> {
  changes: LedgerChangeInput[];
  /** Where the next page starts; committed with this page's changes. */
  next: C;
  /** True when this was the last page of the run. */
  done: boolean;
  /** Vendor calls this page cost (for budgets and the calls-vs-minimum report). */
  calls: number;
}

export interface StreamPlan<C> {
  /** The first cursor of a run, from the saved checkpoint (incremental) or for an explicit range. */
  start(input: { saved: C | null; range: DateRange | null; today: string; backfillDays: number }): C;
  /** The checkpoint a finished run leaves for the next incremental run (null: keep the page cursor). */
  finish?(cursor: C, today: string): C;
}

/** A pulled stream: departments, users, rules, schedules, punches, approvals, vendor results… */
export interface StreamDef<C = unknown> extends StreamPlan<C> {
  name: string;
  /** Urgent streams (punches, approvals) keep running when a monthly call budget is nearly spent. */
  urgent: boolean;
  /** The vendor calls a run over `range` needs at least, given the documented chunk limits. */
  minimumCalls?(range: DateRange, users: number): number;
  fetchPage(cursor: C, ctx: StreamContext): Promise<StreamPage<C>>;
}

/** An HTTP request as the callback receiver hands it to a codec. */
export interface CallbackRequest {
  method: 'GET' | 'POST';
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  /** The raw body text (XML or JSON). */
  body: string;
}

/** A decoded, verified event, ready for the inbox. */
export interface InboxEvent {
  /** Dedupe key: the same vendor event delivered again gets the same key. */
  eventKey: string;
  eventType: string;
  /** Event fields as the vendor sent them (decrypted). */
  payload: Record<string, unknown>;
}

/** What the receiver answers, in the vendor's required form. */
export interface CallbackReply {
  status: number;
  contentType: string;
  body: string;
}

export interface DecodedCallback {
  /** Events to store (none for URL verification). */
  events: InboxEvent[];
  /** The answer to send once the events are stored. */
  reply: CallbackReply;
}

/** Verifies and decrypts callbacks; refusals throw AppError (`bad_signature` 401, `forbidden` 403, `bad_request` 400). */
export interface CallbackCodec {
  decode(req: CallbackRequest): DecodedCallback;
}

/** A write to the vendor taken from the outbox. */
export interface WriteBackItem {
  kind: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  /** An earlier attempt died mid-call, so the vendor may already have applied it: check before a write that has no idempotency key. */
  maybeApplied?: boolean;
}

/** What a write-back may report: the id of a record it created on the vendor side (a WeCom form's sp_no). */
export interface WriteBackResult {
  /** The vendor's id of the created record; pulls and callbacks name it as a request's external id. */
  externalRef: string;
}

/** One connected tenant of a vendor. */
export interface TenantConnector {
  readonly tenant: TenantConfig;
  readonly timezone: string;
  streams(): StreamDef[];
  /** Null when the tenant has no callback settings. */
  codec(): CallbackCodec | null;
  /** Turns a stored event into ledger changes, calling the vendor when the event only carries an id. */
  resolveEvent(event: InboxEvent): Promise<LedgerChangeInput[]>;
  /**
   * Performs one write-back; throws VendorError (transient ones are retried by the outbox).
   * A write that creates a vendor record returns its id, so the outbox can link it to the request.
   */
  writeBack(item: WriteBackItem): Promise<WriteBackResult | void>;
  /** Exchanges a one-time login code from the vendor's app for the user id (check-in sessions). */
  exchangeLoginCode(code: string): Promise<string>;
  /** Vendor calls made by this connector since the process started. */
  callCount(): number;
  /**
   * Events the vendor gave up delivering, where it keeps such a list (DingTalk): each page is
   * handed to `store` before the next is read, because reading clears it on the vendor side.
   */
  recoverMissedEvents?(store: (events: InboxEvent[]) => Promise<void>): Promise<number>;
}

export interface VendorAdapter {
  readonly vendor: TenantConfig['vendor'];
  connect(tenant: TenantConfig, timezone: string, deps: VendorDeps): TenantConnector;
}
