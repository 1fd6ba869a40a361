/** Retention: raw payload purge, monthly archives of day results and punches, restore. */
export { purgeRawPayloads, PURGED_PAYLOAD, type PurgeOptions, type PurgeResult } from './purgeRaw.js';
export { archiveDue, type ArchiveOptions, type ArchiveRunResult, type MonthOutcome } from './archive.js';
export { restoreMonth, RestoreError, type RestoreResult } from './restore.js';
export { retentionJobs, type RetentionJobDeps } from './jobs.js';
export { retentionSettingsSchema, type RetentionSettings } from './settings.js';
