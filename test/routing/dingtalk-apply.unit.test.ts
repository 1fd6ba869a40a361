import assert from 'node:assert/strict';
import { writeBackCalls } from '../../adapters/dingtalk/writeback.js';
import { VendorError } from '../../src/http/vendorError.js';

describe('routing: DingTalk apply_event', () => {
  it('is refused for good with the reason, so the outbox parks it for a person', () => {
    const item = { kind: 'apply_event', idempotencyKey: 'apply_event:api:7', payload: { requestId: '7', externalUserId: 'u1', type: 'leave', startAt: 1, endAt: 2, unit: 'hour' } };
    assert.throws(
      () => writeBackCalls(item, 'Asia/Shanghai'),
      (e: unknown) => e instanceof VendorError && e.code === 'no_filing_api' && !e.transient && /no documented API to file/.test(e.message),
    );
  });
});
