/** Public API of the attendance rule engine: pure functions, no I/O, no clock. */
export { RULES_VERSION } from './version.js';
export { computeDay, computeParsedDay } from './engine/computeDay.js';
export {
  assignPunchesToWorkDates,
  planRoster,
  neighbourInstants,
  neighboursFor,
  rosterDayWindows,
  type RosterDay,
} from './engine/assign.js';
export { explainDayResult } from './explain.js';
export {
  parseDayCase,
  parseDayCaseOrThrow,
  type Issue,
  type Neighbours,
  type ParseOutcome,
  type ParsedDay,
  type ParsedPunch,
  type ParsedRequest,
} from './model/parse.js';
export {
  DEFAULT_TIMEZONE,
  dayCaseSchema,
  dayTypeSchema,
  instantSchema,
  outOfRangeSchema,
  punchSchema,
  requestSchema,
  type DayCase,
  type DayCaseInput,
  type DayType,
  type OutOfRangePolicy,
  type PunchLocation,
  type RequestStatus,
  type RequestType,
} from './model/dayCase.js';
export {
  DEFAULT_OVERTIME_POLICY,
  clockTimeSchema,
  flexSchema,
  overtimePolicySchema,
  parseShift,
  shiftSchema,
  type Flex,
  type OvertimeMode,
  type OvertimePolicy,
  type OvertimePolicyInput,
  type Shift,
  type ShiftInput,
} from './model/shift.js';
export type {
  CheckpointKind,
  CheckpointResult,
  CheckpointView,
  DayResult,
  DayStatus,
  OvertimeDayType,
} from './model/result.js';
export { formatInstant, localToInstant, parseInstant, type Instant } from './time.js';
