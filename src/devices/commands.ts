import type { Knex } from 'knex';
import { dataQueryAttlog, type CommandResult, type DeviceCommand, type TimeRange } from '../../adapters/zkteco/commands.js';
import type { Db } from '../ledger/db.js';

/**
 * Commands queued for devices (`device_commands`): `queued` → `sent` (handed out on a poll) →
 * `done` / `failed` (the device's result). A command handed out but never answered (the device
 * rebooted) is handed out again after a while, so a gap refetch is not forgotten.
 */
type Conn = Db | Knex.Transaction;

const RESEND_AFTER_MS = 10 * 60_000;

/** Queues a DATA QUERY ATTLOG for a range unless the same one is already waiting; returns its id. */
export async function queueDataQuery(db: Conn, serial: string, range: TimeRange, now: number): Promise<number> {
  const command = dataQueryAttlog(range);
  const open = (await db('device_commands').where({ serial, command }).whereIn('state', ['queued', 'sent']).first('id')) as { id: number } | undefined;
  if (open !== undefined) return Number(open.id);
  const [id] = (await db('device_commands').insert({ serial, command, state: 'queued', created_at: now })) as number[];
  if (id !== undefined) return Number(id);
  // Drivers that do not return the new id: read it back.
  const row = (await db('device_commands').where({ serial, command, state: 'queued' }).orderBy('id', 'desc').first('id')) as { id: number };
  return Number(row.id);
}

/** The next command for a polling device (one per poll, oldest first), marked sent. */
export async function takeNextCommand(db: Db, serial: string, now: number): Promise<DeviceCommand[]> {
  return db.transaction(async (trx) => {
    const row = (await trx('device_commands')
      .where('serial', serial)
      .andWhere((q) => q.where('state', 'queued').orWhere((s) => s.where('state', 'sent').andWhere('sent_at', '<', now - RESEND_AFTER_MS)))
      .orderBy('id')
      .first('id', 'command')) as { id: number; command: string } | undefined;
    if (row === undefined) return [];
    await trx('device_commands').where('id', row.id).update({ state: 'sent', sent_at: now });
    return [{ id: Number(row.id), command: row.command }];
  });
}

/** Records the device's results; results for another device's commands are ignored. Returns how many matched. */
export async function recordCommandResults(db: Db, serial: string, results: readonly CommandResult[], now: number): Promise<number> {
  let matched = 0;
  for (const r of results) {
    matched += await db('device_commands')
      .where({ id: r.id, serial })
      .update({ state: r.returnCode >= 0 ? 'done' : 'failed', return_code: r.returnCode, result: r.cmd, done_at: now });
  }
  return matched;
}

export interface QueuedCommand {
  id: number;
  serial: string;
  command: string;
  state: string;
  returnCode: number | null;
}

export async function listCommands(db: Conn, serial: string): Promise<QueuedCommand[]> {
  const rows = (await db('device_commands').where('serial', serial).orderBy('id')) as Record<string, unknown>[];
  return rows.map((r) => ({ id: Number(r.id), serial: String(r.serial), command: String(r.command), state: String(r.state), returnCode: r.return_code === null ? null : Number(r.return_code) }));
}
