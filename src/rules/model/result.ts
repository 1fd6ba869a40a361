import type { DayType } from './dayCase.js';

export type CheckpointKind = 'in' | 'out';
export type CheckpointResult =
  | 'normal'
  | 'late'
  | 'seriousLate'
  | 'absentLate'
  | 'early'
  | 'missing'
  | 'absent'
  | 'covered';
export type DayStatus = 'rest' | 'leave' | 'trip' | 'absent' | 'exception' | 'normal';
export type OvertimeDayType = 'workday' | 'restday' | 'holiday';

export interface CheckpointView {
  kind: CheckpointKind;
  /** The checkpoint instant after coverage and flex (the scheduled one when covered). */
  expected: string;
  actual: string | null;
  result: CheckpointResult;
  minutes: number;
  /** Only when the chosen punch was outside the site. */
  location?: 'outside' | 'field';
}

/** The output of `computeDay`; field names and order follow rules.md ("The day result"). */
export interface DayResult {
  date: string;
  dayType: DayType;
  status: DayStatus;
  expectedMinutes: number;
  requiredMinutes: number;
  workedMinutes: number;
  lateCount: number;
  lateMinutes: number;
  seriousLateCount: number;
  earlyCount: number;
  earlyMinutes: number;
  missingCount: number;
  absentMinutes: number;
  leaveMinutes: Record<string, number>;
  tripMinutes: number;
  locationExceptionCount: number;
  fieldCount: number;
  overtimeMinutes: number;
  overtimeDayType: OvertimeDayType;
  checkpoints: CheckpointView[];
  unmatched: string[];
  reasons: string[];
}
