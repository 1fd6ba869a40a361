import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { loadCheckpoint } from '../../src/sync/checkpoints.js';
import { runStream } from '../../src/sync/runner.js';
import { describeEachDb } from '../support/db.js';
import { FakeConnector, punch } from '../support/fakeConnector.js';

describeEachDb('stream runner', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  const pages = [
    [punch('u1', '2026-03-02T09:00:00+08:00'), punch('u2', '2026-03-02T09:01:00+08:00')],
    [punch('u1', '2026-03-02T18:00:00+08:00')],
    [punch('u2', '2026-03-02T18:05:00+08:00')],
  ];

  it('commits each page with its checkpoint, so a crash resumes at the first uncommitted page', async () => {
    const c = new FakeConnector('t1', pages);
    c.failPages.add(2);
    const stream = c.streams()[0]!;
    await assert.rejects(runStream(t.db, c, stream, { clock, backfillDays: 31 }), /page 2 failed/);
    assert.equal(Number((await t.db('punches').count({ n: '*' }))[0]!.n), 3, 'pages 0 and 1 are committed');
    assert.deepEqual(await loadCheckpoint(t.db, 't1', 'punches'), { page: 2 });

    const r = await runStream(t.db, c, stream, { clock, backfillDays: 31 });
    assert.equal(r.pages, 1, 'resumes at page 2 only');
    assert.equal(Number((await t.db('punches').count({ n: '*' }))[0]!.n), 4);
  });

  it('a full re-pull of a range writes nothing new and leaves the checkpoint alone', async () => {
    const c = new FakeConnector('t1', pages);
    const before = await loadCheckpoint(t.db, 't1', 'punches');
    const r = await runStream(t.db, c, c.streams()[0]!, { clock, backfillDays: 31, range: { from: '2026-03-01', to: '2026-03-09' } });
    assert.equal(r.pages, 3);
    assert.equal(r.written, 0);
    assert.deepEqual(await loadCheckpoint(t.db, 't1', 'punches'), before);
    assert.equal(Number((await t.db('punches').count({ n: '*' }))[0]!.n), 4);
  });
});
