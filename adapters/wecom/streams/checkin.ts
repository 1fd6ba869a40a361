import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef } from '../../../src/vendor/contract.js';
import type { CallTally } from '../client.js';
import { checkinDataSchema, dayDataSchema, scheduleListSchema } from '../client-schemas.js';
import { wecomApis } from '../descriptor.js';
import { mapPunches } from '../map/punches.js';
import { mapDayResult } from '../map/results.js';
import { mapSchedules } from '../map/schedules.js';
import { addDays, midnightSec } from '../map/time.js';
import type { WecomEnv } from './env.js';
import { chunkedStream, type RangeCursor } from './plan.js';

/** A window of whole local days in Unix seconds: 00:00 of `first` to 23:59:59 of `last`. */
function window(env: WecomEnv, first: string, last: string): { starttime: number; endtime: number } {
  return { starttime: midnightSec(first, env.zone), endtime: midnightSec(addDays(last, 1), env.zone) - 1 };
}

/** Punch records (type 3 = on/off-duty and field) of ≤100 users over ≤30 days, 未打卡 rows dropped. */
export async function fetchPunches(env: WecomEnv, users: string[], first: string, last: string, tally?: CallTally): Promise<LedgerChangeInput[]> {
  const out = await env.client.call('getcheckindata', {
    body: { opencheckindatatype: 3, ...window(env, first, last), useridlist: users },
    schema: checkinDataSchema,
    ...(tally ? { tally } : {}),
  });
  return mapPunches(out.checkindata);
}

export function punchesStream(env: WecomEnv): StreamDef<RangeCursor> {
  const api = wecomApis.getcheckindata;
  return chunkedStream({ name: 'punches', urgent: true, maxUsers: api.maxUsers, spanDays: api.maxSpanDays, fetch: (c, tally) => fetchPunches(env, c.users, c.first, c.last, tally) });
}

/** The vendor's daily report; starttime/endtime are the 00:00 of the first and last day (§3.2). */
export function resultsStream(env: WecomEnv): StreamDef<RangeCursor> {
  const api = wecomApis.getcheckin_daydata;
  return chunkedStream({
    name: 'results',
    urgent: false,
    maxUsers: api.maxUsers,
    spanDays: api.maxSpanDays,
    fetch: async (c, tally) => {
      const body = { starttime: midnightSec(c.first, env.zone), endtime: midnightSec(c.last, env.zone), useridlist: c.users };
      const out = await env.client.call('getcheckin_daydata', { body, schema: dayDataSchema, tally });
      return out.datas.map((d) => mapDayResult(d, env.zone));
    },
  });
}

/** Day-by-day schedules of users on 按班次 rules (others answer nothing) → rosters (§3.6). */
export function schedulesStream(env: WecomEnv): StreamDef<RangeCursor> {
  const api = wecomApis.getcheckinschedulist;
  return chunkedStream({
    name: 'schedules',
    urgent: false,
    maxUsers: api.maxUsers,
    spanDays: api.maxSpanDays,
    fetch: async (c, tally) => {
      const out = await env.client.call('getcheckinschedulist', { body: { ...window(env, c.first, c.last), useridlist: c.users }, schema: scheduleListSchema, tally });
      return mapSchedules(out.schedule_list, c.first, c.last);
    },
  });
}
