import { z } from 'zod';

/** Reminder settings, part of the service configuration (config/schema.ts). */
export const reminderSettingsSchema = z.strictObject({
  /** Remind of 调休 this many days before it lapses (REMINDER_EXPIRY_DAYS). */
  expiryDays: z.coerce.number().int().min(0).max(365).default(7),
  /** Remind approvers of requests pending longer than this (REMINDER_APPROVAL_HOURS). */
  approvalPendingHours: z.coerce.number().int().min(1).max(24 * 90).default(48),
  /** Employee ids that receive HR reminders; empty: the employees of `hr` API tokens (REMINDER_HR_EMPLOYEES, comma-separated). */
  hrEmployeeIds: z.array(z.string().min(1)).default([]),
});
export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;
