/** Every pulled stream of a DingTalk tenant, in the order a full sync runs them. */
import type { StreamDef } from '../../../src/vendor/contract.js';
import type { DingtalkClient } from '../client.js';
import { approvalsStream } from './approvals.js';
import { departmentsStream, usersStream } from './org.js';
import { punchesStream } from './punches.js';
import { resultsStream } from './results.js';
import { rulesStream } from './rules.js';
import { schedulesStream } from './schedules.js';

export function dingtalkStreams(client: DingtalkClient): StreamDef[] {
  return [
    departmentsStream(client),
    usersStream(client),
    rulesStream(client),
    schedulesStream(client),
    punchesStream(client),
    approvalsStream(client),
    resultsStream(client),
  ] as StreamDef[];
}
