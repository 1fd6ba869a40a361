import request from 'supertest';
import type { LedgerChangeInput } from '../../src/ledger/model.js';
import { createLogger } from '../../src/log.js';
import type { TenantConnector, WriteBackItem, WriteBackResult } from '../../src/vendor/contract.js';
import { flushOutbox, type FlushResult } from '../../src/writeback/outbox.js';
import { bearer, type Fixture } from '../api/fixture.js';

/** A vendor that records write-backs and answers each with what `answer` says (a created record's id, or nothing). */
export function recordingConnector(tenantId: string, answer: (item: WriteBackItem) => WriteBackResult | undefined = () => undefined): TenantConnector & { written: WriteBackItem[] } {
  const written: WriteBackItem[] = [];
  return {
    tenant: { id: tenantId, vendor: 'wecom', corpId: `corp-${tenantId}`, secrets: { default: 'x' } },
    timezone: 'Asia/Shanghai',
    written,
    streams: () => [],
    codec: () => null,
    resolveEvent: async () => [],
    exchangeLoginCode: async (code) => code,
    callCount: () => written.length,
    writeBack: async (item) => {
      written.push(item);
      return answer(item);
    },
  };
}

export function flush(f: Fixture, connectors: TenantConnector[]): Promise<FlushResult> {
  return flushOutbox(f.db, { clock: f.clock, logger: createLogger('silent'), worker: 'w1', connector: (id) => connectors.find((c) => c.tenant.id === id), random: () => 0 });
}

/** Files a request through the HR API as the employee holding `token`; returns its id. */
export async function file(f: Fixture, token: string, body: object): Promise<string> {
  const res = await request(f.app).post('/api/v1/requests').set(...bearer(token)).send(body).expect(201);
  return (res.body as { id: string }).id;
}

/** The request change a vendor pull or callback yields for an approval form. */
export function approval(user: string, externalId: string, startIso: string, endIso: string, status: 'pending' | 'approved' | 'rejected' | 'revoked' | 'cancelled', extra: Partial<Extract<LedgerChangeInput, { kind: 'request' }>> = {}): LedgerChangeInput {
  return {
    kind: 'request', externalUserId: user, externalId, type: 'leave', subtype: 'annual', startAt: Date.parse(startIso), endAt: Date.parse(endIso), unit: 'hour', status,
    decidedAt: status === 'pending' ? null : Date.parse('2026-03-10T11:00:00+08:00'), ...extra,
  };
}
