import { z } from 'zod';

/** Retention settings, part of the service configuration (config/schema.ts). */
export const retentionSettingsSchema = z.strictObject({
  /** Days a raw vendor payload / device body is kept after it was applied (RAW_RETENTION_DAYS). */
  rawRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** Months of day results and punches kept hot; older months go to archive files (ARCHIVE_AFTER_MONTHS). */
  archiveAfterMonths: z.coerce.number().int().min(1).max(600).default(24),
  /** Where the monthly archive files go (ARCHIVE_DIR). */
  archiveDir: z.string().min(1).default('./data/archive'),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;
