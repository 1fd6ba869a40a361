/**
 * Shifts rendered as DingTalk classes (§5.7): check times with `across` (next day), punch windows
 * (`begin_min`/`end_min`, the same 120/240-minute windows the daybook judges with), lateness settings.
 */
import type { SandboxCompany } from '../../../../src/sandbox/company.js';
import { breakMinutes, segmentMinutes, standardMinutes } from '../../../../src/sandbox/schedule.js';

type Shift = SandboxCompany['shifts'][number];

/** DingTalk serialises class times as full datetimes on a placeholder day; only the clock part matters. */
const PLACEHOLDER_DAY = '1970-01-01';

function clock(minutes: number): { check_time: string; across: number } {
  const m = ((minutes % 1440) + 1440) % 1440;
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return { check_time: `${PLACEHOLDER_DAY} ${hh}:${mm}:00`, across: minutes >= 1440 ? 1 : 0 };
}

export interface ClassPunch {
  check_type: 'OnDuty' | 'OffDuty';
  check_time: string;
  across: number;
  begin_min: number;
  end_min: number;
}

/** One entry per segment: its OnDuty and OffDuty times with windows split at the segment midpoint. */
export function classSections(shift: Shift): { times: ClassPunch[] }[] {
  return segmentMinutes(shift).map((seg) => {
    const half = Math.floor((seg.end - seg.start) / 2);
    return {
      times: [
        { check_type: 'OnDuty', ...clock(seg.start), begin_min: 120, end_min: half },
        { check_type: 'OffDuty', ...clock(seg.end), begin_min: seg.end - seg.start - half, end_min: 240 },
      ],
    };
  });
}

export function classSetting(shift: Shift): Record<string, unknown> {
  const rest = breakMinutes(shift)[0];
  return {
    permit_late_minutes: shift.lateGraceMinutes,
    // 0 = not configured: the sandbox company has no serious-late or absent-late thresholds.
    serious_late_minutes: 0,
    absenteeism_late_minutes: 0,
    work_time_minutes: standardMinutes(shift),
    is_off_duty_free_check: 'N',
    ...(shift.flexLateMinutes > 0 ? { is_flexible: true, flex_minutes: [shift.flexLateMinutes] } : { is_flexible: false }),
    ...(rest ? { rest_begin_time: clock(rest.start), rest_end_time: clock(rest.end) } : {}),
  };
}

/** shift/query form: sections[].punches[] with per-punch thresholds, rests[] and work minutes. */
export function shiftDetail(shift: Shift, id: number): Record<string, unknown> {
  return {
    id,
    name: shift.name,
    owner: '',
    shift_group_id: 0,
    shift_group_name: '',
    sections: classSections(shift).map((sec) => ({
      punches: sec.times.map((t) => ({
        ...t,
        permit_minutes: t.check_type === 'OnDuty' ? shift.lateGraceMinutes : 0,
        serious_late_minutes: 0,
        absenteeism_late_minutes: 0,
        flex_minutes: shift.flexLateMinutes > 0 ? [shift.flexLateMinutes] : [],
        free_check: false,
      })),
    })),
    rests: breakMinutes(shift).map((b) => ({ begin: clock(b.start), end: clock(b.end) })),
    work_time_minutes: standardMinutes(shift),
    shift_setting: {
      attend_days: 1,
      is_flexible: shift.flexLateMinutes > 0,
      work_time_minutes: standardMinutes(shift),
      demand_work_time_minutes: standardMinutes(shift),
    },
  };
}
