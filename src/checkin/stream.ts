import type { Request, Response } from 'express';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import { checkinCount } from './eventCheckin.js';

/**
 * Live check-in counts over server-sent events. A check-in in this process pushes at once;
 * a slow poll per stream also picks up check-ins taken by other web processes.
 */
export class EventStreams {
  private readonly subscribers = new Map<string, Set<Response>>();
  private readonly last = new WeakMap<Response, number>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly pollMs = 5000,
  ) {}

  private send(res: Response, count: number): void {
    if (this.last.get(res) === count) return;
    this.last.set(res, count);
    res.write(`event: count\ndata: ${JSON.stringify({ count })}\n\n`);
  }

  private async refresh(eventId: string, only?: Response): Promise<void> {
    const subs = this.subscribers.get(eventId);
    if (subs === undefined || subs.size === 0) return;
    try {
      const count = await checkinCount({ db: this.db }, eventId);
      for (const res of only === undefined ? subs : [only]) this.send(res, count);
    } catch (err) {
      this.logger.warn({ err, eventId }, 'event stream: count failed');
    }
  }

  /** Keeps the response open as an event stream until the client goes away. */
  attach(eventId: string, req: Request, res: Response): void {
    res.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const subs = this.subscribers.get(eventId) ?? new Set<Response>();
    subs.add(res);
    this.subscribers.set(eventId, subs);
    void this.refresh(eventId, res);
    const timer = setInterval(() => {
      void this.refresh(eventId, res);
      // A comment line keeps proxies from closing an idle stream.
      res.write(': ping\n\n');
    }, this.pollMs);
    req.on('close', () => {
      clearInterval(timer);
      subs.delete(res);
      if (subs.size === 0) this.subscribers.delete(eventId);
    });
  }

  /** A check-in was stored: push the new count to the event's screens. */
  async bump(eventId: string): Promise<void> {
    await this.refresh(eventId);
  }
}
