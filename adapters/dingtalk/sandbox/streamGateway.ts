/**
 * The Stream gateway stand-in (docs/dingtalk.md §10.1): single-use 90 s tickets, WebSocket
 * connections at `/connect?ticket=`, EVENT pushes to one random open connection, redelivery of
 * the same `messageId` when the answer is LATER or missing, SYSTEM `ping` and `disconnect`.
 * What happened is counted in `truth` (ACKs by status, redeliveries, tickets, pings).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { deriveSeed, Rng } from '../../../src/sandbox/rng.js';
import { TICKET_TTL_MS } from '../stream/protocol.js';
import type { SandboxEvent } from './events.js';
import type { SandboxState } from './state.js';
import { ackStatus, eventFrame, parseReply, systemFrame, type StreamFrame } from './streamFrames.js';

/** Redelivery schedule without ACK ([3P] 10 s, 30 s, 60 s, 120 s, §8.4); `pushRetryDelaysMs` overrides it. */
const STREAM_RETRY_DELAYS_MS = [10_000, 30_000, 60_000, 120_000];
/** §10.1: after `disconnect` the gateway closes the TCP connection 10 s later. */
export const DISCONNECT_CLOSE_MS = 10_000;
const CONCURRENCY = 16;

interface Conn {
  id: string;
  ws: WebSocket;
  /** Announced `disconnect`: gets no new pushes. */
  draining: boolean;
}

interface Delivery {
  event: SandboxEvent;
  conn: Conn | undefined;
  settle(status: 'SUCCESS' | 'LATER'): void;
  /** The gateway shut down: not delivered, not on the failed list either. */
  abort(): void;
}

export interface StreamTruth {
  ticketsIssued: number;
  ticketsRefused: number;
  connectionsOpened: number;
  open: number;
  deliveries: number;
  redeliveries: number;
  acks: { SUCCESS: number; LATER: number };
  /** Replies that matched nothing in flight (late, foreign or on another connection). */
  strayReplies: number;
  failed: number;
  pings: { sent: number; answered: number };
  disconnectsSent: number;
}

const id = (): string => randomBytes(12).toString('hex');

export class StreamGateway {
  readonly truth: StreamTruth = {
    ticketsIssued: 0,
    ticketsRefused: 0,
    connectionsOpened: 0,
    open: 0,
    deliveries: 0,
    redeliveries: 0,
    acks: { SUCCESS: 0, LATER: 0 },
    strayReplies: 0,
    failed: 0,
    pings: { sent: 0, answered: 0 },
    disconnectsSent: 0,
  };
  private readonly tickets = new Map<string, number>();
  private readonly conns = new Set<Conn>();
  private readonly inflight = new Map<string, Delivery>();
  private readonly pings = new Map<string, { conn: Conn; data: string; answered(): void }>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly rng: Rng;
  private server: Server | undefined;
  private closed = false;
  private seq = 0;

  constructor(private readonly s: SandboxState) {
    this.rng = new Rng(deriveSeed(s.opts.seed, 'dingtalk-stream'));
  }

  /**
   * Serves `/connect` upgrades on the sandbox's own HTTP server. Bound on the first ticket, since
   * the routes are mounted before the server exists; `close()` of that server also drops the
   * WebSockets, which `http.Server#close` would otherwise wait for forever.
   */
  bind(server: Server): void {
    if (this.server !== undefined) return;
    this.server = server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    const close = server.close.bind(server);
    server.close = ((cb?: (err?: Error) => void) => {
      this.close();
      return close(cb);
    }) as Server['close'];
  }

  issueTicket(): string {
    const now = this.s.clock.now();
    for (const [t, exp] of this.tickets) if (exp <= now) this.tickets.delete(t);
    const ticket = id();
    this.tickets.set(ticket, now + TICKET_TTL_MS);
    this.truth.ticketsIssued += 1;
    return ticket;
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname !== '/connect' || this.closed) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const ticket = url.searchParams.get('ticket') ?? '';
    const expires = this.tickets.get(ticket);
    // Single use: a ticket is gone once presented, valid or not.
    this.tickets.delete(ticket);
    if (expires === undefined || expires <= this.s.clock.now()) {
      this.truth.ticketsRefused += 1;
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
  }

  private attach(ws: WebSocket): void {
    const conn: Conn = { id: `conn-${++this.seq}`, ws, draining: false };
    this.conns.add(conn);
    this.truth.connectionsOpened += 1;
    this.truth.open = this.conns.size;
    ws.on('message', (raw) => this.onReply(conn, String(raw)));
    ws.on('close', () => {
      this.conns.delete(conn);
      this.truth.open = this.conns.size;
    });
    ws.on('error', () => ws.terminate());
  }

  private onReply(conn: Conn, raw: string): void {
    const reply = parseReply(raw);
    if (reply === null || reply.code !== 200) {
      this.truth.strayReplies += 1;
      return;
    }
    const ping = this.pings.get(reply.messageId);
    if (ping !== undefined && ping.conn === conn && reply.data === ping.data) {
      this.pings.delete(reply.messageId);
      ping.answered();
      return;
    }
    const d = this.inflight.get(reply.messageId);
    const status = ackStatus(reply.data);
    // An answer counts only on the connection the push went to.
    if (d === undefined || d.conn !== conn || status === null) {
      this.truth.strayReplies += 1;
      return;
    }
    this.truth.acks[status] += 1;
    d.settle(status);
  }

  private frameIds(conn: Conn, messageId: string): { appKey: string; corpId: string; connectionId: string; messageId: string; now: number } {
    return { appKey: this.s.cred.appKey, corpId: this.s.cred.corpId, connectionId: conn.id, messageId, now: this.s.clock.now() };
  }

  private send(conn: Conn, frame: StreamFrame): boolean {
    if (conn.ws.readyState !== conn.ws.OPEN) return false;
    conn.ws.send(JSON.stringify(frame));
    return true;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** §10.1.5: each push goes to one random connection. */
  private pick(): Conn | undefined {
    const live = [...this.conns].filter((c) => !c.draining && c.ws.readyState === c.ws.OPEN);
    return live.length === 0 ? undefined : this.rng.pick(live);
  }

  /** Pushes until SUCCESS, redelivering the same messageId on schedule; then the §8.4 failed list. */
  private deliverOne(event: SandboxEvent, delays: readonly number[]): Promise<boolean> {
    const messageId = id();
    return new Promise<boolean>((resolve) => {
      let attempts = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (ok: boolean): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.timers.delete(timer as ReturnType<typeof setTimeout>);
        this.inflight.delete(messageId);
        resolve(ok);
      };
      const d: Delivery = { event, conn: undefined, settle: (status) => status === 'SUCCESS' && finish(true), abort: () => finish(false) };
      const attempt = (): void => {
        if (this.closed) return finish(false);
        attempts += 1;
        d.conn = this.pick();
        if (d.conn !== undefined && this.send(d.conn, eventFrame(event, this.frameIds(d.conn, messageId)))) {
          this.truth.deliveries += 1;
          if (attempts > 1) this.truth.redeliveries += 1;
        }
        // LATER and silence are treated alike: the next attempt comes on schedule.
        const wait = delays[attempts - 1] ?? delays[delays.length - 1] ?? STREAM_RETRY_DELAYS_MS[0] ?? 10_000;
        timer = setTimeout(() => {
          this.timers.delete(timer as ReturnType<typeof setTimeout>);
          if (attempts <= delays.length) return attempt();
          // Assumed like HTTP pushes: given-up events can be read from the failed list.
          this.truth.failed += 1;
          this.s.failedPushes.push(event);
          finish(false);
        }, wait);
        this.timers.add(timer);
      };
      this.inflight.set(messageId, d);
      attempt();
    });
  }

  async push(events: readonly SandboxEvent[]): Promise<{ delivered: number; failed: number }> {
    const delays = this.s.opts.pushRetryDelaysMs ?? STREAM_RETRY_DELAYS_MS;
    let next = 0;
    let delivered = 0;
    const worker = async (): Promise<void> => {
      while (next < events.length) {
        const e = events[next++];
        if (e && (await this.deliverOne(e, delays))) delivered += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, events.length) }, worker));
    return { delivered, failed: events.length - delivered };
  }

  /** SYSTEM ping to every connection; counts the echoes (same messageId and data) within `timeoutMs`. */
  async ping(timeoutMs: number): Promise<{ connections: number; answered: number }> {
    const conns = [...this.conns];
    const answers = conns.map(
      (conn) =>
        new Promise<boolean>((resolve) => {
          const messageId = id();
          const data = JSON.stringify({ opaque: id() });
          const frame = { ...systemFrame('ping', {}, this.frameIds(conn, messageId)), data };
          this.pings.set(messageId, { conn, data, answered: () => resolve(true) });
          this.truth.pings.sent += 1;
          this.send(conn, frame);
          this.later(timeoutMs, () => {
            if (this.pings.delete(messageId)) resolve(false);
          });
        }),
    );
    const answered = (await Promise.all(answers)).filter(Boolean).length;
    this.truth.pings.answered += answered;
    return { connections: conns.length, answered };
  }

  /** SYSTEM disconnect to every connection, then the TCP close `closeAfterMs` later (§10.1). */
  disconnect(closeAfterMs: number): number {
    const conns = [...this.conns].filter((c) => !c.draining);
    for (const conn of conns) {
      conn.draining = true;
      this.send(conn, systemFrame('disconnect', { reason: 'sandbox: connection rebalanced' }, this.frameIds(conn, id())));
      this.truth.disconnectsSent += 1;
      this.later(closeAfterMs, () => conn.ws.terminate());
    }
    return conns.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const d of [...this.inflight.values()]) d.abort();
    for (const c of this.conns) c.ws.terminate();
    this.wss.close();
  }
}
