import assert from 'node:assert/strict';
import { failedItemToEvent } from '../../../adapters/dingtalk/map/event.js';
import { gridFinished, gridFresh, gridMinimum, nextCell, startDated, type GridCursor } from '../../../adapters/dingtalk/streams/plan.js';

const start = (saved: GridCursor | null, range: { from: string; to: string } | null = null, oldest?: string): GridCursor =>
  startDated({ saved, range, today: '2026-03-20', backfillDays: 31 }, gridFresh, gridFinished, oldest);

describe('dingtalk stream planning', () => {
  it('first run backfills `backfillDays` ending today; explicit ranges win; retention clamps', () => {
    assert.deepEqual(start(null), { from: '2026-02-18', to: '2026-03-20', day: '2026-02-18', after: null });
    assert.deepEqual(start(null, { from: '2026-01-01', to: '2026-01-31' }), gridFresh('2026-01-01', '2026-01-31'));
    assert.equal(start(null, { from: '2025-01-01', to: '2026-01-31' }, '2025-09-22').from, '2025-09-22');
  });

  it('resumes an unfinished checkpoint; after a finished run re-pulls its last day up to today', () => {
    const midway: GridCursor = { from: '2026-03-01', to: '2026-03-15', day: '2026-03-08', after: 'u0050' };
    assert.deepEqual(start(midway), midway);
    assert.deepEqual(start({ ...midway, day: '2026-03-16', after: null }), gridFresh('2026-03-15', '2026-03-20'));
  });

  it('walks users after the last one done, so users added mid-run do not shift the chunks', async () => {
    let ids = ['a', 'b', 'c'];
    const ctx = { userIds: async () => ids };
    const first = await nextCell(gridFresh('2026-03-01', '2026-03-01'), ctx, 2, 7);
    assert.deepEqual(first && [first.users, first.last, first.next.after], [['a', 'b'], false, 'b']);
    ids = ['a', 'aa', 'b', 'c'];
    const second = first && (await nextCell(first.next, ctx, 2, 7));
    assert.deepEqual(second && [second.users, second.last], [['c'], true]);
    assert.equal(await nextCell({ ...gridFresh('2026-03-01', '2026-03-01'), day: '2026-03-02' }, ctx, 2, 7), null);
    assert.equal(await nextCell(gridFresh('2026-03-01', '2026-03-09'), { userIds: async () => [] }, 50, 7), null);
    assert.equal(gridMinimum({ from: '2026-03-01', to: '2026-03-31' }, 101, 50, 7), 15);
  });

  it('turns failed-push list items back into events (§8.4 shapes)', () => {
    const bpms = failedItemToEvent({ call_back_tag: 'bpms_instance_change', event_time: 5, bpms_instance_change: { bpmsCallBackData: { processInstanceId: 'pi', processCode: 'P', type: 'finish', result: 'agree' }, corpid: 'c' } });
    assert.deepEqual(bpms && [bpms.eventType, bpms.payload['processInstanceId'], bpms.payload['CorpId'], bpms.eventKey], ['bpms_instance_change', 'pi', 'c', 'bpms_instance_change:pi:finish:::agree']);
    const users = failedItemToEvent({ call_back_tag: 'user_add_org', event_time: 7, user_add_org: { userid: ['u1', 'u2'], corpid: 'c' } });
    assert.deepEqual(users?.payload['userId'], ['u1', 'u2']);
    assert.equal(failedItemToEvent({ event_time: 1 }), null);
  });
});
