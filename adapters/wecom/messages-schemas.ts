import { z } from 'zod';

/** message/send and media/upload answers (DOC 90236, 90253); only what the adapter reads is required. */

/** `invaliduser` / `unlicenseduser` list userids (lower-cased, `|`-separated) that were not sent to. */
export const messageSendSchema = z.object({
  invaliduser: z.string().optional(),
  unlicenseduser: z.string().optional(),
  msgid: z.string().optional(),
});

export const mediaUploadSchema = z.object({
  type: z.string(),
  media_id: z.string().min(1),
  /** A string of Unix seconds in the documented sample. */
  created_at: z.union([z.string(), z.number()]).optional(),
});
