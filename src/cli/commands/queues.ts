import type { Command } from 'commander';
import { requeueParked } from '../../callbacks/drain.js';
import { CliError } from '../../errors.js';
import type { Db } from '../../ledger/db.js';
import { withRuntime } from '../runtime.js';
import { replayParked } from '../../writeback/outbox.js';

function ids(values: string[]): number[] | undefined {
  if (values.length === 0) return undefined;
  const out = values.map(Number);
  if (out.some((n) => !Number.isInteger(n) || n <= 0)) throw new CliError(`ids are positive integers, got: ${values.join(' ')}`, 2);
  return out;
}

function withDb<T>(fn: (db: Db, now: number) => Promise<T>): Promise<T> {
  return withRuntime((rt) => fn(rt.db, rt.clock.now()));
}

/** What a person needs for the two queues: see what was parked and why, and put it back. */
export function registerQueueCommands(program: Command): void {
  const inbox = program.command('inbox').description('received callbacks and device uploads');
  inbox
    .command('list')
    .description('list inbox events in a state (default: parked after repeated failures)')
    .option('--state <state>', 'pending, parked, done, quarantined or rejected', 'parked')
    .action((opts: { state: string }) =>
      withDb(async (db) => {
        const rows = (await db('callback_inbox').where('state', opts.state).orderBy('id').select('id', 'vendor', 'tenant_id', 'event_type', 'attempts', 'last_error')) as Record<string, unknown>[];
        for (const r of rows) process.stdout.write(`${String(r.id)}\t${String(r.vendor)}\t${String(r.tenant_id)}\t${String(r.event_type)}\t${String(r.attempts)} attempts\t${String(r.last_error ?? '')}\n`);
        if (rows.length === 0) process.stdout.write(`no ${opts.state} events\n`);
      }),
    );
  inbox
    .command('replay')
    .description('put parked events back in the queue (all, or the given ids)')
    .argument('[ids...]', 'inbox ids')
    .action((values: string[]) =>
      withDb(async (db, now) => {
        process.stdout.write(`requeued ${await requeueParked(db, now, ids(values))}\n`);
      }),
    );

  const outbox = program.command('outbox').description('write-backs to the vendors');
  outbox
    .command('list')
    .description('list write-backs in a state (default: parked, with the vendor code and message)')
    .option('--state <state>', 'pending, parked or done', 'parked')
    .action((opts: { state: string }) =>
      withDb(async (db) => {
        const rows = (await db('writeback_outbox').where('state', opts.state).orderBy('id').select('id', 'tenant_id', 'kind', 'attempts', 'vendor_code', 'last_error')) as Record<string, unknown>[];
        for (const r of rows) process.stdout.write(`${String(r.id)}\t${String(r.tenant_id)}\t${String(r.kind)}\t${String(r.attempts)} attempts\t${String(r.vendor_code ?? '')}\t${String(r.last_error ?? '')}\n`);
        if (rows.length === 0) process.stdout.write(`no ${opts.state} write-backs\n`);
      }),
    );
  outbox
    .command('retry')
    .description('retry parked write-backs (all, or the given ids)')
    .argument('[ids...]', 'outbox ids')
    .action((values: string[]) =>
      withDb(async (db, now) => {
        process.stdout.write(`replaying ${await replayParked(db, now, ids(values))}\n`);
      }),
    );
}
