import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { createLogger } from '../../src/log.js';
import { Leases } from '../../src/scheduler/leases.js';
import { runWithLease } from '../../src/scheduler/leasedRun.js';
import { Scheduler, type JobDef } from '../../src/scheduler/scheduler.js';
import { describeEachDb } from '../support/db.js';

describeEachDb('scheduler', (t) => {
  const clock = new ManualClock(5_000_000);
  const logger = createLogger('silent');

  it('never overlaps a job with itself, in one process or across two', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const job: JobDef = {
      name: 'pull:acme:punches',
      cron: '*/5 * * * *',
      timezone: 'Asia/Shanghai',
      run: async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 50));
        active -= 1;
      },
    };
    const a = new Scheduler(new Leases(t.db, clock, 'worker-a'), logger, [job]);
    const b = new Scheduler(new Leases(t.db, clock, 'worker-b'), logger, [job]);
    await Promise.all([a.tick(job), a.tick(job), b.tick(job), b.tick(job)]);
    assert.equal(maxActive, 1);
    assert.equal(runs, 1);
    await b.tick(job);
    assert.equal(runs, 2, 'the lease is released after the run');
  });

  it('tells a waiting process who holds the job, and hands it over when the holder dies', async () => {
    const a = new Leases(t.db, clock, 'worker-a');
    const b = new Leases(t.db, clock, 'worker-b');
    assert.equal(await a.acquire('job:recompute', 45_000), true); // a takes it, then dies without releasing
    const refused = await runWithLease(b, 'job:recompute', async () => 'ran');
    assert.deepEqual(refused, { ran: false, holder: 'worker-a' });
    clock.advance(46_000);
    assert.deepEqual(await runWithLease(b, 'job:recompute', async () => 'ran'), { ran: true, value: 'ran' });
  });

  it('refuses an invalid cron expression at start', () => {
    assert.throws(() => new Scheduler(new Leases(t.db, clock, 'x'), logger, [{ name: 'bad', cron: 'every minute', timezone: 'UTC', run: async () => undefined }]), /invalid cron/);
  });
});
