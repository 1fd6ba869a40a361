import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { ScheduleList } from '../client-schemas.js';

type RosterChange = Extract<LedgerChangeInput, { kind: 'roster' }>;

/**
 * getcheckinschedulist (§3.6) → one roster row per user and day; schedule_id 0 is a scheduled
 * rest day. Days outside [from, to] are dropped, so a page writes only what it was asked for.
 */
export function mapSchedules(list: ScheduleList['schedule_list'], from: string, to: string): RosterChange[] {
  const out: RosterChange[] = [];
  for (const entry of list) {
    const ym = String(entry.yearmonth);
    if (!/^\d{6}$/.test(ym)) continue;
    for (const d of entry.schedule.scheduleList) {
      const workDate = `${ym.slice(0, 4)}-${ym.slice(4)}-${String(d.day).padStart(2, '0')}`;
      if (workDate < from || workDate > to) continue;
      const id = d.schedule_info.schedule_id;
      out.push({ kind: 'roster', externalUserId: entry.userid, workDate, shiftExternalId: id === 0 ? null : String(id) });
    }
  }
  return out;
}
