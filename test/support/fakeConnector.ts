import type { TenantConfig } from '../../config/schema.js';
import { AppError } from '../../src/errors.js';
import type { VendorError } from '../../src/http/vendorError.js';
import type { LedgerChangeInput } from '../../src/ledger/model.js';
import type { CallbackCodec, InboxEvent, StreamDef, TenantConnector, WriteBackItem } from '../../src/vendor/contract.js';

/**
 * A tiny in-memory vendor for testing the generic pipeline (runner, inbox, outbox) without any
 * vendor protocol: pages are arrays of punches, events carry their changes, write-backs are
 * recorded or fail as told.
 */
export class FakeConnector implements TenantConnector {
  readonly tenant: TenantConfig;
  readonly timezone = 'Asia/Shanghai';
  calls = 0;
  written: WriteBackItem[] = [];
  failWriteBack: ((item: WriteBackItem) => VendorError | null) | null = null;
  failResolve: ((event: InboxEvent) => Error | null) | null = null;
  /** Fails the fetch of these page numbers once each (a crash mid-run). */
  failPages = new Set<number>();

  constructor(
    id: string,
    readonly pages: LedgerChangeInput[][],
  ) {
    this.tenant = { id, vendor: 'wecom', corpId: `corp-${id}`, secrets: { default: 'x' } };
  }

  streams(): StreamDef[] {
    const stream: StreamDef<{ page: number }> = {
      name: 'punches',
      urgent: true,
      start: ({ saved, range }) => (range !== null || saved === null ? { page: 0 } : saved),
      fetchPage: async (cursor) => {
        this.calls += 1;
        if (this.failPages.delete(cursor.page)) throw new Error(`page ${cursor.page} failed`);
        const done = cursor.page >= this.pages.length - 1;
        return { changes: this.pages[cursor.page] ?? [], next: { page: done ? cursor.page : cursor.page + 1 }, done, calls: 1 };
      },
    };
    return [stream as StreamDef];
  }

  codec(): CallbackCodec {
    return {
      decode: (req) => {
        if (req.query.sig !== 'good') throw new AppError('bad_signature');
        const parsed = JSON.parse(req.body) as { events: InboxEvent[] };
        return { events: parsed.events, reply: { status: 200, contentType: 'text/plain', body: 'success' } };
      },
    };
  }

  async resolveEvent(event: InboxEvent): Promise<LedgerChangeInput[]> {
    const err = this.failResolve?.(event);
    if (err) throw err;
    return (event.payload.changes as LedgerChangeInput[] | undefined) ?? [];
  }

  async writeBack(item: WriteBackItem): Promise<void> {
    const err = this.failWriteBack?.(item);
    if (err) throw err;
    this.written.push(item);
  }

  async exchangeLoginCode(code: string): Promise<string> {
    return code;
  }

  callCount(): number {
    return this.calls;
  }
}

export function punch(user: string, iso: string): LedgerChangeInput {
  return { kind: 'punch', externalUserId: user, sourceRecordKey: `${user}:${iso}`, at: Date.parse(iso), method: 'gps' };
}
