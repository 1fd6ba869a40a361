import { z } from 'zod';
import type { BalanceRow } from './balances.js';
import type { DepartmentRow } from './departments.js';
import type { ExceptionRow } from './exceptions.js';
import type { MonthRow } from './monthly.js';

/** The JSON shapes of the reports, as documented in the OpenAPI document. */

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const formatParam = z
  .enum(REPORT_FORMATS)
  .default('json')
  .describe('json answers the documented schema; csv (UTF-8 with BOM) and xlsx answer a file download with the same rows');

const minutes = z.number().describe('minutes');

export const monthRowSchema = z
  .object({
    employeeId: z.string(), name: z.string(), jobNumber: z.string().nullable(), departmentId: z.string().nullable(), department: z.string().nullable(),
    days: z.number(), workdays: z.number().describe('required days 应出勤天数'), actualDays: z.number().describe('days with worked time 实际出勤天数'),
    normalDays: z.number(), exceptionDays: z.number(), absentDays: z.number(), expectedMinutes: minutes, workedMinutes: minutes,
    lateCount: z.number(), lateMinutes: minutes, seriousLateCount: z.number(), seriousLateMinutes: minutes, absentLateCount: z.number(),
    earlyCount: z.number(), earlyMinutes: minutes, missingCount: z.number(), missingInCount: z.number(), missingOutCount: z.number(), absentMinutes: minutes,
    leaveMinutes: z.record(z.string(), z.number()).describe('minutes by leave type'), tripDays: z.number(), tripMinutes: minutes, fieldCount: z.number(),
    locationExceptions: z.number(), overtimeMinutes: minutes,
    overtimeByDayType: z.object({ workday: minutes, restday: minutes, holiday: minutes }),
    timeOffEarnedMinutes: minutes.describe('调休 earned in the month'), timeOffUsedMinutes: minutes.describe('调休 used in the month, net of refunds'),
  })
  .meta({ id: 'MonthlyReportRow' });

export const exceptionRowSchema = z
  .object({
    employeeId: z.string(), name: z.string(), jobNumber: z.string().nullable(), department: z.string().nullable(), date: z.string(), status: z.string(),
    dayType: z.string(), lateMinutes: minutes, earlyMinutes: minutes, missingCount: z.number(), absentMinutes: minutes, checkpoints: z.string(), reasons: z.array(z.string()),
  })
  .meta({ id: 'ExceptionReportRow' });

export const departmentRowSchema = z
  .object({
    departmentId: z.string().nullable(), department: z.string().nullable(), people: z.number(), workdays: z.number(), actualDays: z.number(),
    attendanceRate: z.number().describe('actual days / required days'), normalDays: z.number(), exceptionDays: z.number(), absentDays: z.number(),
    expectedMinutes: minutes, workedMinutes: minutes, lateCount: z.number(), lateMinutes: minutes, seriousLateCount: z.number(), earlyCount: z.number(),
    earlyMinutes: minutes, missingCount: z.number(), absentMinutes: minutes, leaveMinutes: minutes, tripDays: z.number(), tripMinutes: minutes,
    overtimeMinutes: minutes, timeOffEarnedMinutes: minutes, timeOffUsedMinutes: minutes,
  })
  .meta({ id: 'DepartmentReportRow' });

export const balanceRowSchema = z
  .object({
    employeeId: z.string(), name: z.string(), kind: z.string(), openingMinutes: minutes, earnedMinutes: minutes, usedMinutes: minutes,
    expiredMinutes: minutes, adjustedMinutes: minutes, closingMinutes: minutes,
  })
  .meta({ id: 'BalanceReportRow' });

export const differenceRowSchema = z
  .object({
    employeeId: z.string(), name: z.string(), workDate: z.string(), tenantId: z.string(), ours: z.string().nullable(), vendor: z.string().nullable(),
    difference: z.string().describe('ours≠vendor, or vendor_only'),
    cause: z.enum(['vendor_only', 'unmapped_user', 'late_data', 'rule_mismatch']).nullable().optional().describe('the likely cause'),
  })
  .meta({ id: 'ReconciliationRow' });

// Compile-time checks that the documented rows are the rows the builders produce.
const _rows: [(r: MonthRow) => z.input<typeof monthRowSchema>, (r: ExceptionRow) => z.input<typeof exceptionRowSchema>, (r: DepartmentRow) => z.input<typeof departmentRowSchema>, (r: BalanceRow) => z.input<typeof balanceRowSchema>] = [
  (r) => r, (r) => r, (r) => r, (r) => r,
];
void _rows;
