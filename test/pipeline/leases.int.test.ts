import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { Leases } from '../../src/scheduler/leases.js';
import { describeEachDb } from '../support/db.js';

describeEachDb('leases', (t) => {
  const clock = new ManualClock(1_000_000);

  it('gives a job to one holder at a time and to another once the first dies', async () => {
    const a = new Leases(t.db, clock, 'worker-a');
    const b = new Leases(t.db, clock, 'worker-b');
    assert.equal(await a.acquire('pull:acme:punches', 60_000), true);
    assert.equal(await b.acquire('pull:acme:punches', 60_000), false, 'held by a');
    assert.equal(await a.acquire('pull:acme:punches', 60_000), true, 'the holder may re-acquire');
    clock.advance(30_000);
    assert.equal(await a.renew('pull:acme:punches', 60_000), true);
    clock.advance(59_000);
    assert.equal(await b.acquire('pull:acme:punches', 60_000), false, 'renewed lease still valid');
    clock.advance(2_000);
    assert.equal(await b.acquire('pull:acme:punches', 60_000), true, 'a died: b takes over');
    assert.equal(await a.renew('pull:acme:punches', 60_000), false, 'a learns it lost the lease');
    assert.deepEqual(await a.holderOf('pull:acme:punches'), { holder: 'worker-b', expiresAt: clock.now() + 60_000 });
    await b.release('pull:acme:punches');
    assert.equal(await a.holderOf('pull:acme:punches'), null);
  });

  it('lets exactly one of many concurrent takers win', async () => {
    const takers = Array.from({ length: 8 }, (_, i) => new Leases(t.db, clock, `w${i}`));
    const won = await Promise.all(takers.map((l) => l.acquire('recompute', 60_000)));
    assert.equal(won.filter(Boolean).length, 1);
  });
});
