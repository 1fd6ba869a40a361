/** Reminders sent as vendor application messages through the write-back outbox. */
export { runReminders, reminderJobs, reminderKey, MESSAGE_KIND, type ReminderOptions, type ReminderResult, type ReminderJobDeps } from './run.js';
export { reminderSettingsSchema, type ReminderSettings } from './settings.js';
