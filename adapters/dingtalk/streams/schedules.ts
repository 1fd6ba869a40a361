/**
 * Schedules (排班, `schedule/listbyusers`, §5.7): 50 users × 7 days per call over every known
 * user. Users of roster groups (TURN/NONE) get one roster row per day; every row also tells which
 * group a user belongs to, so this stream is where rule-group membership comes from
 * (getsimplegroups only reports member counts).
 */
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef } from '../../../src/vendor/contract.js';
import { getAllGroups, listSchedulesByUsers, type RawScheduleRow } from '../client-api.js';
import type { CallMeter, DingtalkClient } from '../client.js';
import { dingtalkApis } from '../descriptor.js';
import { isRosterGroup, ruleGroupFrom, type RawGroup } from '../map/shift.js';
import { addDays } from '../map/time.js';
import { gridDone, gridFinished, gridFresh, gridMinimum, nextCell, startDated, type GridCursor } from './plan.js';

const { maxUsers: USERS, maxDays: DAYS, maxStartAgeDays } = dingtalkApis.scheduleListByUsers.limits;

/** Roster rows for users of roster groups: one per (user, work date); a day with any shift is not a rest day. */
export function rostersFrom(rows: readonly RawScheduleRow[], groups: ReadonlyMap<string, RawGroup>): LedgerChangeInput[] {
  const days = new Map<string, { user: string; date: string; shift: string | null }>();
  for (const r of rows) {
    const g = r.group_id === undefined ? undefined : groups.get(r.group_id);
    if (!g || !isRosterGroup(g)) continue;
    const date = r.work_date.slice(0, 10);
    const shift = r.is_rest === 'Y' || r.shift_id === undefined || r.shift_id === '0' ? null : r.shift_id;
    const key = `${r.userid} ${date}`;
    const prev = days.get(key);
    if (!prev || prev.shift === null) days.set(key, { user: r.userid, date, shift });
  }
  return [...days.values()].map((d) => ({ kind: 'roster', externalUserId: d.user, workDate: d.date, shiftExternalId: d.shift }));
}

/** The groups seen in these rows, each with the users seen in it (the ledger adds members, never drops them). */
export function membershipsFrom(rows: readonly RawScheduleRow[], groups: ReadonlyMap<string, RawGroup>): LedgerChangeInput[] {
  const members = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.group_id === undefined || !groups.has(r.group_id)) continue;
    const set = members.get(r.group_id) ?? new Set<string>();
    set.add(r.userid);
    members.set(r.group_id, set);
  }
  return [...members].map(([id, users]) => ruleGroupFrom(groups.get(id) as RawGroup, [...users].sort()));
}

export function schedulesStream(client: DingtalkClient): StreamDef<GridCursor> {
  // Loaded once per run (first page), not stored in the cursor.
  let groups: Map<string, RawGroup> | null = null;
  return {
    name: 'schedules',
    urgent: false,
    start: (input) => {
      groups = null;
      return startDated(input, gridFresh, gridFinished, addDays(input.today, -(maxStartAgeDays - 1)));
    },
    minimumCalls: (range, users) => 1 + gridMinimum(range, users, USERS, DAYS),
    async fetchPage(cursor, ctx) {
      const cell = await nextCell(cursor, ctx, USERS, DAYS);
      if (!cell) return { changes: [], next: gridDone(cursor), done: true, calls: 0 };
      const meter: CallMeter = { calls: 0 };
      groups ??= new Map((await getAllGroups(client, { meter })).map((g) => [g.group_id, g]));
      // The API wants an admin as operator; the groups' owner is one.
      const opUser = [...groups.values()].find((g) => g.owner_user_id)?.owner_user_id ?? cell.users[0] ?? '';
      const rows = await listSchedulesByUsers(client, opUser, cell.users, cell.from, cell.to, { meter });
      return { changes: [...membershipsFrom(rows, groups), ...rostersFrom(rows, groups)], next: cell.next, done: cell.last, calls: meter.calls };
    },
  };
}
