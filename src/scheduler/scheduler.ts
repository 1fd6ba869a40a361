import { createTask, validate, type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';
import type { Leases } from './leases.js';
import { runWithLease, type LeaseSignal } from './leasedRun.js';

export interface JobDef {
  /** Unique; also the lease name, so one job runs in one process at a time across all workers. */
  name: string;
  cron: string;
  timezone: string;
  run(signal: LeaseSignal): Promise<unknown>;
}

/**
 * Runs jobs on cron schedules in each job's timezone. A job never overlaps itself: not in this
 * process (a tick while it runs is skipped) and not across processes (it runs under its lease).
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly leases: Leases,
    private readonly logger: Logger,
    private readonly jobs: readonly JobDef[],
  ) {
    for (const job of jobs) if (!validate(job.cron)) throw new Error(`job ${job.name}: invalid cron expression "${job.cron}"`);
  }

  start(): void {
    for (const job of this.jobs) {
      const task = createTask(job.cron, () => this.tick(job), { timezone: job.timezone, name: job.name });
      void task.start();
      this.tasks.push(task);
    }
  }

  /** Runs one job now (if no one else runs it); resolves when it is done. */
  async tick(job: JobDef): Promise<void> {
    if (this.running.has(job.name)) return;
    const run = (async () => {
      const started = performance.now();
      try {
        const outcome = await runWithLease(this.leases, `job:${job.name}`, (signal) => job.run(signal), { logger: this.logger });
        if (outcome.ran) this.logger.info({ job: job.name, ms: Math.round(performance.now() - started), result: outcome.value }, 'job finished');
        else this.logger.debug({ job: job.name, holder: outcome.holder }, 'job held elsewhere');
      } catch (err) {
        this.logger.error({ job: job.name, err }, 'job failed');
      } finally {
        this.running.delete(job.name);
      }
    })();
    this.running.set(job.name, run);
    await run;
  }

  /** Stops scheduling and waits for running jobs to finish. */
  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((t) => t.stop()));
    await Promise.all(this.running.values());
  }
}
