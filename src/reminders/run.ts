import type { Policy } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import { localDateOf } from '../rules/time.js';
import type { JobDef } from '../scheduler/scheduler.js';
import { enqueue, type OutboxItem } from '../writeback/outbox.js';
import { pendingApprovals } from './approvals.js';
import { checkinReminders, type CheckinReminderOptions } from './checkin.js';
import { frequentCorrections } from './corrections.js';
import { expiringTimeOff } from './expiring.js';
import { hrRecipients, type Reminder } from './recipients.js';
import type { ReminderSettings } from './settings.js';

/** The outbox kind the vendor adapters send as an application message to one user. */
export const MESSAGE_KIND = 'message';

export interface ReminderOptions {
  now: number;
  /** TZ_DEFAULT: what "today" and "this month" are. */
  timezone: string;
  policy: Pick<Policy, 'correctionsPerMonth' | 'timeOff'>;
  settings: ReminderSettings;
}

export interface ReminderResult {
  /** Reminders due today, by kind. */
  due: Record<string, number>;
  /** Outbox items new this run (a reminder already queued today is not queued again). */
  enqueued: number;
  /** Subjects nobody could be messaged about (no vendor identity, no HR recipient). */
  unreachable: number;
}

/** One reminder per kind, subject and day: the day is part of the outbox idempotency key. */
export function reminderKey(r: Reminder, today: string): string {
  return `reminder:${r.kind}:${r.subject}:${today}`;
}

async function existingKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 400) {
    for (const r of (await db('writeback_outbox').select('idempotency_key').whereIn('idempotency_key', keys.slice(i, i + 400))) as { idempotency_key: string }[]) out.add(r.idempotency_key);
  }
  return out;
}

/** Finds today's reminders and queues them as vendor messages through the outbox. */
export async function runReminders(db: Db, opts: ReminderOptions): Promise<ReminderResult> {
  const today = localDateOf(opts.now, opts.timezone);
  const hr = await hrRecipients(db, opts.now, opts.settings.hrEmployeeIds);
  const found = [
    await expiringTimeOff(db, { today, days: opts.settings.expiryDays, kind: opts.policy.timeOff.kind }),
    await pendingApprovals(db, { now: opts.now, hours: opts.settings.approvalPendingHours, timezone: opts.timezone, hr }),
    await frequentCorrections(db, { now: opts.now, timezone: opts.timezone, limit: opts.policy.correctionsPerMonth, hr }),
  ];
  const reminders = found.flatMap((f) => f.reminders);
  const items: OutboxItem[] = reminders.map((r) => ({ idempotencyKey: reminderKey(r, today), tenantId: r.to.tenantId, kind: MESSAGE_KIND, payload: { userid: r.to.userid, text: r.text } }));
  const already = await existingKeys(db, items.map((i) => i.idempotencyKey));
  await enqueue(db, items, opts.now);
  const due: Record<string, number> = {};
  for (const r of reminders) due[r.kind] = (due[r.kind] ?? 0) + 1;
  return { due, enqueued: items.filter((i) => !already.has(i.idempotencyKey)).length, unreachable: found.reduce((s, f) => s + f.unreachable, 0) };
}

/**
 * Check-in reminders due now (打卡提醒 before a shift, 漏签提醒 after it), queued once per employee
 * and shift: the work date is the key's date.
 */
export async function runCheckinReminders(db: Db, opts: CheckinReminderOptions): Promise<ReminderResult> {
  const found = await checkinReminders(db, opts);
  const items: OutboxItem[] = found.reminders.map((r) => ({ idempotencyKey: reminderKey(r, r.workDate), tenantId: r.to.tenantId, kind: MESSAGE_KIND, payload: { userid: r.to.userid, text: r.text } }));
  const already = await existingKeys(db, items.map((i) => i.idempotencyKey));
  await enqueue(db, items, opts.now);
  const due: Record<string, number> = {};
  for (const r of found.reminders) due[r.kind] = (due[r.kind] ?? 0) + 1;
  return { due, enqueued: items.filter((i) => !already.has(i.idempotencyKey)).length, unreachable: found.unreachable };
}

export interface ReminderJobDeps {
  db: Db;
  clock: Clock;
  timezone: string;
  /** The whole policy: check-in reminders judge shifts the way recompute does. */
  policy: Policy;
  settings: ReminderSettings;
}

/**
 * HR reminders once a day in the morning, when people read messages; a second run the same day
 * queues nothing new. Check-in reminders every 5 minutes, so a 10-minute lead always gets a run.
 */
export function reminderJobs(d: ReminderJobDeps): JobDef[] {
  return [
    { name: 'reminders', cron: '0 9 * * *', timezone: d.timezone, run: () => runReminders(d.db, { now: d.clock.now(), timezone: d.timezone, policy: d.policy, settings: d.settings }) },
    { name: 'reminders:checkin', cron: '*/5 * * * *', timezone: d.timezone, run: () => runCheckinReminders(d.db, { now: d.clock.now(), timezone: d.timezone, policy: d.policy }) },
  ];
}
