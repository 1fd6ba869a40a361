/** Reminders sent as vendor application messages through the write-back outbox. */
export { runReminders, runCheckinReminders, reminderJobs, reminderKey, MESSAGE_KIND, type ReminderOptions, type ReminderResult, type ReminderJobDeps } from './run.js';
export { reminderSettingsSchema, type ReminderSettings } from './settings.js';
export { checkinReminders, BEFORE_START, MISSING_OUT, type CheckinReminder, type CheckinReminderOptions } from './checkin.js';
