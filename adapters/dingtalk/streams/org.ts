/**
 * The org chart (§7): `departments` walks the tree with `department/listsub` (direct children
 * only); `users` walks it too and lists each department's members with `user/list` v2. Contacts
 * APIs are exempt from the monthly quota, so walking twice costs only time.
 */
import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef } from '../../../src/vendor/contract.js';
import { listSubDepartments, listUsers } from '../client-api.js';
import type { CallMeter, DingtalkClient } from '../client.js';
import { departmentFrom, employeeFrom, rootDepartment, ROOT_DEPT_ID } from '../map/org.js';

interface WalkCursor {
  /** Departments still to visit, breadth first. */
  pending: number[];
  started: boolean;
}

/** Departments asked in parallel per page (the limiter spaces them). */
const DEPTS_PER_PAGE = 20;

const fresh = (): WalkCursor => ({ pending: [ROOT_DEPT_ID], started: false });
const walkStart: StreamDef<WalkCursor>['start'] = ({ saved, range }) => (range === null && saved && saved.pending.length > 0 ? saved : fresh());

export function departmentsStream(client: DingtalkClient): StreamDef<WalkCursor> {
  return {
    name: 'departments',
    urgent: false,
    start: walkStart,
    minimumCalls: () => 1,
    async fetchPage(cursor) {
      const meter: CallMeter = { calls: 0 };
      const batch = cursor.pending.slice(0, DEPTS_PER_PAGE);
      const children = (await Promise.all(batch.map((id) => listSubDepartments(client, id, { meter })))).flat();
      const changes: LedgerChangeInput[] = cursor.started ? [] : [rootDepartment(client.tenant.name ?? client.tenant.corpId)];
      changes.push(...children.map(departmentFrom));
      const pending = [...cursor.pending.slice(batch.length), ...children.map((d) => d.dept_id)];
      return { changes, next: { pending, started: true }, done: pending.length === 0, calls: meter.calls };
    },
  };
}

export function usersStream(client: DingtalkClient): StreamDef<WalkCursor> {
  return {
    name: 'users',
    urgent: false,
    start: walkStart,
    minimumCalls: () => 1,
    async fetchPage(cursor) {
      const meter: CallMeter = { calls: 0 };
      const [dept, ...rest] = cursor.pending;
      if (dept === undefined) return { changes: [], next: { pending: [], started: true }, done: true, calls: 0 };
      const [children, members] = await Promise.all([listSubDepartments(client, dept, { meter }), allMembers(client, dept, meter)]);
      // A person in several departments is listed in each; once per page is enough.
      const seen = new Set<string>();
      const changes = members.filter((u) => !seen.has(u.userid) && seen.add(u.userid)).map((u) => employeeFrom(u, client.timezone));
      const pending = [...rest, ...children.map((d) => d.dept_id)];
      return { changes, next: { pending, started: true }, done: pending.length === 0, calls: meter.calls };
    },
  };
}

async function allMembers(client: DingtalkClient, dept: number, meter: CallMeter): Promise<Awaited<ReturnType<typeof listUsers>>['list']> {
  const out: Awaited<ReturnType<typeof listUsers>>['list'] = [];
  for (let cursor: number | null = 0; cursor !== null; ) {
    const page = await listUsers(client, dept, cursor, { meter });
    out.push(...page.list);
    cursor = page.next;
  }
  return out;
}

/** Every department, walked at once (department events: no `department/get` in the catalogue). */
export async function allDepartments(client: DingtalkClient, meter: CallMeter): Promise<LedgerChangeInput[]> {
  const out: LedgerChangeInput[] = [rootDepartment(client.tenant.name ?? client.tenant.corpId)];
  for (let pending = [ROOT_DEPT_ID]; pending.length > 0; ) {
    const children = (await Promise.all(pending.map((id) => listSubDepartments(client, id, { meter })))).flat();
    out.push(...children.map(departmentFrom));
    pending = children.map((d) => d.dept_id);
  }
  return out;
}
