/**
 * One tenant's Stream connection (docs/dingtalk.md §10): the SDK's `DWClient` with three changes.
 *
 * - `getEndpoint` asks the tenant's v1.0 base (`DINGTALK_API_V1_BASE`, the real gateway by
 *   default) instead of the SDK's hard-coded URL (§10.3 option 2), so the sandbox and the demo
 *   work without nock.
 * - ACK after the insert. The SDK sends `JSON.stringify(listener(msg))` synchronously
 *   (§10.2), which would acknowledge before anything is durable. Returning LATER for everything
 *   and answering SUCCESS on the redelivery would double every delivery and add the gateway's
 *   redelivery delay (≥ 10 s) to every event. So `onEvent` is overridden: the event is stored and
 *   only then answered through the SDK's own `send(messageId, …)` — SUCCESS once committed, LATER
 *   when the insert failed (redelivered; the inbox key makes any repeat a no-op). An answer is
 *   only sent on the connection the event came in on; after a reconnect the gateway redelivers.
 * - Reconnect: the published 2.1.5 build retries every 1 s, and a failed handshake schedules two
 *   retries (socket `error` and `close`), which multiplies connects while the gateway refuses. Here
 *   one timer, backoff `min(base·2^n + rand(0..base), 60 s)` as §10.2 describes, reset on open.
 */
import { DWClient, EventAck, type DWClientConfig, type DWClientDownStream } from 'dingtalk-stream';
import type WebSocket from 'ws';
import { z } from 'zod';
import type { DingtalkTenantConfig } from '../../../config/schema.js';
import type { StreamAck } from '../../../src/callbacks/stream.js';
import type { Logger } from '../../../src/log.js';
import type { InboxEvent } from '../../../src/vendor/contract.js';
import { DINGTALK_V1_BASE } from '../descriptor.js';
import { inboxEventOf } from './frame.js';
import { GATEWAY_OPEN_PATH } from './protocol.js';

export interface StreamClientOptions {
  tenant: DingtalkTenantConfig;
  logger: Logger;
  /** Stores the event durably, then calls `ack.success()`; `ack.later()` when it could not. */
  receive(events: InboxEvent[], ack: StreamAck): Promise<unknown>;
  reconnect?: { baseMs?: number; maxMs?: number; random?: () => number };
  /** How long `stop()` waits for events being stored before closing. */
  stopGraceMs?: number;
}

/** Fields the SDK declares private but that this subclass must set or watch (runtime-visible). */
interface SdkInternals {
  dw_url?: string;
  socket?: WebSocket;
  heartbeatIntervallId?: ReturnType<typeof setInterval>;
}

const openAnswer = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) });

export function reconnectDelayMs(failures: number, opts: { baseMs?: number; maxMs?: number; random?: () => number } = {}): number {
  const base = opts.baseMs ?? 1000;
  const jitter = (opts.random ?? Math.random)() * base;
  return Math.min(base * 2 ** Math.min(failures, 16) + jitter, opts.maxMs ?? 60_000);
}

export class DingtalkStreamClient extends DWClient {
  /** Connections opened so far (tests and logs). */
  opened = 0;
  private stopped = true;
  private connecting: Promise<void> | undefined;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly log: Logger;

  constructor(private readonly opts: StreamClientOptions) {
    // keepAlive: the SDK pings every 8 s and drops a connection that stops answering (NAT timeouts).
    super({ clientId: opts.tenant.appKey, clientSecret: opts.tenant.appSecret, keepAlive: true, ua: 'attendance-bridge' });
    // Reconnects are this class's (see above), not the SDK's fixed 1 s loop.
    (this.config as DWClientConfig).autoReconnect = false;
    this.log = opts.logger.child({ vendor: 'dingtalk', tenantId: opts.tenant.id, component: 'stream' });
  }

  private get sdk(): SdkInternals {
    return this as unknown as SdkInternals;
  }

  get gatewayUrl(): string {
    return `${(this.opts.tenant.apiV1Base ?? DINGTALK_V1_BASE).replace(/\/+$/, '')}${GATEWAY_OPEN_PATH}`;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  /** Stops reconnecting, lets events being stored finish (and be answered), then closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const grace = new Promise((r) => setTimeout(r, this.opts.stopGraceMs ?? 5000).unref());
    await Promise.race([Promise.allSettled([...this.inflight, this.connecting]), grace]);
    const socket = this.sdk.socket;
    if (socket === undefined || socket.readyState === socket.CLOSED) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    this.disconnect();
    // A peer that never finishes the closing handshake must not hold shutdown.
    const timeout = setTimeout(() => socket.terminate(), 2000);
    await closed;
    clearTimeout(timeout);
  }

  /** §10.1 step 1 against the tenant's gateway; the ticket never reaches a log line. */
  override async getEndpoint(): Promise<this> {
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      // Without Accept the gateway may answer XML (§10.1).
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId: this.config.clientId, clientSecret: this.config.clientSecret, ua: this.config.ua, subscriptions: this.config.subscriptions }),
      signal: AbortSignal.timeout(10_000),
    });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const code = (body as { code?: unknown } | undefined)?.code;
      throw new Error(`gateway refused the connection: HTTP ${res.status}${typeof code === 'string' ? ` ${code}` : ''}`);
    }
    const parsed = openAnswer.safeParse(body);
    if (!parsed.success) throw new Error('gateway answer lacks endpoint or ticket');
    this.sdk.dw_url = `${parsed.data.endpoint}?ticket=${encodeURIComponent(parsed.data.ticket)}`;
    return this;
  }

  /** Single flight: a connect that fails schedules exactly one retry. */
  override connect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.connecting ??= this.connectOnce().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connectOnce(): Promise<void> {
    try {
      await this.getEndpoint();
      if (this.stopped) return;
      await this._connect();
    } catch (err) {
      this.failures += 1;
      this.log.warn({ failures: this.failures, error: err instanceof Error ? err.message : String(err) }, 'stream connect failed');
      this.scheduleReconnect();
    }
  }

  override async _connect(): Promise<void> {
    await super._connect();
    const socket = this.sdk.socket;
    if (this.stopped) {
      // stop() came during the handshake; disconnect() also clears the SDK's heartbeat.
      this.disconnect();
      return;
    }
    this.opened += 1;
    this.failures = 0;
    this.log.info({ connection: this.opened }, 'stream connected');
    socket?.once('close', (code: number) => {
      // The SDK clears its heartbeat only on disconnect(); a dropped socket would leak it.
      if (this.sdk.heartbeatIntervallId !== undefined) clearInterval(this.sdk.heartbeatIntervallId);
      if (this.stopped) return;
      this.log.info({ code }, 'stream connection closed; reconnecting');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer !== undefined) return;
    const delay = reconnectDelayMs(this.failures, this.opts.reconnect);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
  }

  /** Replaces the SDK's synchronous ACK: store first, answer after (see the file comment). */
  override onEvent(message: DWClientDownStream): void {
    const socket = this.sdk.socket;
    const messageId = message.headers.messageId;
    const answer = (status: EventAck, text: string): void => {
      if (this.sdk.socket !== socket || socket?.readyState !== socket?.OPEN) return;
      this.send(messageId, { status, message: text });
    };
    const ack: StreamAck = { success: () => answer(EventAck.SUCCESS, 'OK'), later: (reason) => answer(EventAck.LATER, reason) };
    const work = Promise.resolve()
      .then(() => this.opts.receive([inboxEventOf(message)], ack))
      .catch((err: unknown) => {
        this.log.warn({ eventType: message.headers.eventType, error: err instanceof Error ? err.message : String(err) }, 'stream event failed');
        ack.later('failed');
      });
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
  }
}
