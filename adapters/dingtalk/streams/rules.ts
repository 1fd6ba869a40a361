/** Groups and their classes (`getsimplegroups`, 10 a page) compiled into shifts and rule groups. */
import type { StreamDef } from '../../../src/vendor/contract.js';
import { getSimpleGroups, GROUP_PAGE } from '../client-api.js';
import type { CallMeter, DingtalkClient } from '../client.js';
import { ruleGroupFrom, shiftsFromGroups } from '../map/shift.js';

interface RulesCursor {
  offset: number;
  done: boolean;
}

export function rulesStream(client: DingtalkClient): StreamDef<RulesCursor> {
  return {
    name: 'rules',
    urgent: false,
    // Rules are not dated: every run reads them all, resuming an unfinished run.
    start: ({ saved, range }) => (range === null && saved && !saved.done ? saved : { offset: 0, done: false }),
    minimumCalls: () => 1,
    async fetchPage(cursor) {
      const meter: CallMeter = { calls: 0 };
      const page = await getSimpleGroups(client, cursor.offset, { meter });
      const done = !page.more || page.groups.length === 0;
      return {
        changes: [...shiftsFromGroups(page.groups), ...page.groups.map((g) => ruleGroupFrom(g))],
        next: { offset: cursor.offset + GROUP_PAGE, done },
        done,
        calls: meter.calls,
      };
    },
  };
}
