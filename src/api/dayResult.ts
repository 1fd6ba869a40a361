import { z } from 'zod';
import type { DayResult } from '../rules/index.js';

/** The rules' DayResult (src/rules/model/result.ts) as documented on the wire; the stored `result` JSON. */
export const checkpointView = z.object({
  kind: z.enum(['in', 'out']),
  expected: z.string(),
  actual: z.string().nullable(),
  result: z.enum(['normal', 'late', 'seriousLate', 'absentLate', 'early', 'missing', 'absent', 'covered']),
  minutes: z.number(),
  location: z.enum(['outside', 'field']).optional(),
});

export const dayResultSchema = z.object({
  date: z.string(),
  dayType: z.enum(['workday', 'restday', 'holiday', 'makeup']),
  status: z.enum(['rest', 'leave', 'trip', 'absent', 'exception', 'normal']),
  expectedMinutes: z.number(),
  requiredMinutes: z.number(),
  workedMinutes: z.number(),
  lateCount: z.number(),
  lateMinutes: z.number(),
  seriousLateCount: z.number(),
  earlyCount: z.number(),
  earlyMinutes: z.number(),
  missingCount: z.number(),
  absentMinutes: z.number(),
  leaveMinutes: z.record(z.string(), z.number()),
  tripMinutes: z.number(),
  locationExceptionCount: z.number(),
  fieldCount: z.number(),
  overtimeMinutes: z.number(),
  overtimeDayType: z.enum(['workday', 'restday', 'holiday']),
  checkpoints: z.array(checkpointView),
  unmatched: z.array(z.string()),
  reasons: z.array(z.string()),
});

// A compile-time check that the documented shape is the engine's shape.
const _sameShape: (r: DayResult) => z.input<typeof dayResultSchema> = (r) => r;
void _sameShape;
