import type { LedgerChangeInput } from '../../../src/ledger/model.js';
import type { StreamDef } from '../../../src/vendor/contract.js';
import type { CallTally } from '../client.js';
import { departmentListSchema, userListIdSchema, userSchema } from '../client-schemas.js';
import { mapDepartment, mapUser } from '../map/contacts.js';
import type { WecomEnv } from './env.js';
import { mapLimit } from './plan.js';

/** user/get calls in flight per page. */
const USER_CONCURRENCY = 8;
/** user/list_id page size: one checkpoint per this many members. */
const LIST_PAGE = 1000;

/** The whole tree (or the subtree of `id`) in one call. */
export async function fetchDepartments(env: WecomEnv, id?: number, tally?: CallTally): Promise<LedgerChangeInput[]> {
  const out = await env.client.call('department_list', { ...(id === undefined ? {} : { query: { id: String(id) } }), schema: departmentListSchema, ...(tally ? { tally } : {}) });
  return out.department.map(mapDepartment);
}

export async function fetchUser(env: WecomEnv, userid: string, tally?: CallTally): Promise<LedgerChangeInput> {
  return mapUser(await env.client.call('user_get', { query: { userid }, schema: userSchema, ...(tally ? { tally } : {}) }));
}

/** The org tree is small and has no cursor: every run is one page. */
export function departmentsStream(env: WecomEnv): StreamDef<Record<string, never>> {
  return {
    name: 'departments',
    urgent: false,
    start: () => ({}),
    minimumCalls: () => 1,
    async fetchPage() {
      const tally: CallTally = { calls: 0 };
      return { changes: await fetchDepartments(env, undefined, tally), next: {}, done: true, calls: tally.calls };
    },
  };
}

/**
 * Members: user/list_id pages the ids (cursor checkpointed per page), user/get fills in each
 * member. list_id is the only listing new 通讯录同步 IPs may still call (§2, §6).
 */
export function usersStream(env: WecomEnv): StreamDef<{ cursor: string }> {
  return {
    name: 'users',
    urgent: false,
    start: ({ saved }) => saved ?? { cursor: '' },
    finish: () => ({ cursor: '' }),
    async fetchPage(c) {
      const tally: CallTally = { calls: 0 };
      const page = await env.client.call('user_list_id', { body: { ...(c.cursor ? { cursor: c.cursor } : {}), limit: LIST_PAGE }, schema: userListIdSchema, tally });
      // One row per (user, department): a member of two departments is listed twice.
      const ids = [...new Set(page.dept_user.map((r) => r.userid))];
      const changes = await mapLimit(ids, USER_CONCURRENCY, (u) => fetchUser(env, u, tally));
      const next = page.next_cursor ?? '';
      return { changes, next: { cursor: next }, done: next === '', calls: tally.calls };
    },
  };
}
