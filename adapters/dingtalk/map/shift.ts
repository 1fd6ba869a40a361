/**
 * Attendance groups and their classes (`getsimplegroups`, §5.7) compiled into the rules model
 * (rules.md "Compiling vendor rules"): a class becomes a shift (sections → segments, rest times →
 * breaks, begin_min/end_min → windows, permit/serious/absenteeism minutes → thresholds, flex), a
 * group a rule group (FIXED → weekly `fixed` pattern, TURN/NONE → `roster`, days come from 排班).
 */
import { z } from 'zod';
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import { shiftSchema, type ShiftInput } from '../../../src/rules/model/shift.js';
import { ruleGroupPatternSchema, type RuleGroupPatternInput } from '../../../src/rules/resolve/pattern.js';
import { idLike, numLike } from './time.js';

type ShiftChange = Extract<LedgerChangeInput, { kind: 'shift' }>;
type RuleGroupChange = Extract<LedgerChangeInput, { kind: 'rule_group' }>;

const optNum = numLike.optional().catch(undefined);
/** A class time: `1970-01-01 09:00:00` (placeholder day) or `{check_time, across}` (rest times). */
const timeVo = z.union([z.string(), z.looseObject({ check_time: z.string(), across: optNum })]);

const punchPoint = z.looseObject({
  check_time: z.string(),
  check_type: z.string(),
  across: optNum,
  begin_min: optNum,
  end_min: optNum,
});

export const classSchema = z.looseObject({
  class_id: idLike,
  class_name: z.string().min(1),
  sections: z.array(z.looseObject({ times: z.array(punchPoint).default([]) })).default([]),
  setting: z
    .looseObject({
      permit_late_minutes: optNum,
      serious_late_minutes: optNum,
      absenteeism_late_minutes: optNum,
      is_flexible: z.union([z.boolean(), z.string()]).optional().catch(undefined),
      flex_minutes: z.union([z.array(numLike), numLike]).optional().catch(undefined),
      rest_begin_time: timeVo.optional().catch(undefined),
      rest_end_time: timeVo.optional().catch(undefined),
    })
    .default({}),
});
export type RawClass = z.infer<typeof classSchema>;

export const groupSchema = z.looseObject({
  group_id: idLike,
  group_name: z.string().min(1),
  type: z.string(),
  work_day_list: z.array(idLike).optional().catch(undefined),
  selected_class: z.array(classSchema).default([]),
  owner_user_id: z.string().optional().catch(undefined),
});
export type RawGroup = z.infer<typeof groupSchema>;

/** `…HH:mm…` + `across` days → `HH:MM` with hours past 24 for the next day (rules.md allows up to 47:59). */
export function clockOf(text: string, across = 0): string | null {
  const m = /(?:^|\s|T)(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]) + 24 * Math.max(0, Math.min(1, across));
  return `${String(hours).padStart(2, '0')}:${m[2]}`;
}

function restClock(v: z.infer<typeof timeVo> | undefined): string | null {
  if (v === undefined) return null;
  return typeof v === 'string' ? clockOf(v) : clockOf(v.check_time, v.across ?? 0);
}

const positive = (n: number | undefined): number | null => (n !== undefined && n > 0 ? Math.round(n) : null);

/** Null when the class has no complete on/off pair (a rest "class") or does not compile. */
export function shiftFromClass(c: RawClass): ShiftChange | null {
  const segments: { start: string; end: string }[] = [];
  let before: number | undefined;
  let after: number | undefined;
  for (const section of c.sections) {
    const on = section.times.find((t) => t.check_type === 'OnDuty');
    const off = section.times.find((t) => t.check_type === 'OffDuty');
    const start = on ? clockOf(on.check_time, on.across) : null;
    const end = off ? clockOf(off.check_time, off.across) : null;
    if (start === null || end === null) continue;
    if (segments.length === 0) before = on?.begin_min;
    after = off?.end_min;
    segments.push({ start, end });
  }
  if (segments.length === 0) return null;
  const s = c.setting;
  const restStart = restClock(s.rest_begin_time);
  const restEnd = restClock(s.rest_end_time);
  const flexList = s.flex_minutes === undefined ? [] : Array.isArray(s.flex_minutes) ? s.flex_minutes : [s.flex_minutes];
  const flexible = s.is_flexible === true || s.is_flexible === 'Y' || s.is_flexible === 'true';
  const flexLate = flexible ? positive(Math.max(0, ...flexList)) : null;
  const definition: ShiftInput = {
    segments,
    ...(restStart !== null && restEnd !== null ? { breaks: [{ start: restStart, end: restEnd }] } : {}),
    ...(before !== undefined && before >= 0 ? { windowBeforeMinutes: Math.round(before) } : {}),
    ...(after !== undefined && after >= 0 ? { windowAfterMinutes: Math.round(after) } : {}),
    lateGraceMinutes: Math.max(0, Math.round(s.permit_late_minutes ?? 0)),
    // 0 means "not configured" in the console.
    seriousLateMinutes: positive(s.serious_late_minutes),
    absentLateMinutes: positive(s.absenteeism_late_minutes),
    // DingTalk's 弹性 lets people arrive up to N minutes late and leave as much later (晚到晚走).
    flex: flexLate === null ? null : { earlyArriveMinutes: 0, lateArriveMinutes: flexLate },
  };
  if (!shiftSchema.safeParse(definition).success) return null;
  return { kind: 'shift', externalId: c.class_id, name: c.class_name.slice(0, 200), definition: definition as Record<string, unknown> };
}

/** work_day_list runs Sunday..Saturday; "0" is a rest day, anything else a class id. */
function weekOf(list: readonly string[]): RuleGroupPatternInput | null {
  if (list.length !== 7) return null;
  const day = (i: number): string | null => {
    const v = list[i];
    return v === undefined || v === '0' || v === '' ? null : v;
  };
  return { kind: 'fixed', week: { mon: day(1), tue: day(2), wed: day(3), thu: day(4), fri: day(5), sat: day(6), sun: day(0) } };
}

export function isRosterGroup(g: RawGroup): boolean {
  return g.type !== 'FIXED';
}

export function ruleGroupFrom(g: RawGroup, members: readonly string[] = []): RuleGroupChange {
  const fixed = g.type === 'FIXED' && g.work_day_list ? weekOf(g.work_day_list) : null;
  const pattern = ruleGroupPatternSchema.safeParse(fixed).success && fixed !== null ? fixed : { kind: 'roster' as const };
  return {
    kind: 'rule_group',
    externalId: g.group_id,
    name: g.group_name.slice(0, 200),
    pattern: pattern as Record<string, unknown>,
    memberExternalUserIds: [...members],
  };
}

/** Every class the groups use, once each, compiled. */
export function shiftsFromGroups(groups: readonly RawGroup[]): ShiftChange[] {
  const seen = new Map<string, ShiftChange>();
  for (const g of groups) {
    for (const c of g.selected_class) {
      if (seen.has(c.class_id)) continue;
      const s = shiftFromClass(c);
      if (s) seen.set(c.class_id, s);
    }
  }
  return [...seen.values()];
}
