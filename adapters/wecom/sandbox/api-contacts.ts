import type { Router } from 'express';
import { wecomApis } from '../descriptor.js';
import { departmentPath, employeeOr60111, subtree } from './directory.js';
import { wecomRoute, WecomError } from './http.js';
import type { WecomSandboxState } from './state.js';

function deptIdParam(state: WecomSandboxState, raw: string | undefined, fallback: number | null): number {
  if (raw === undefined || raw === '') {
    if (fallback === null) throw new WecomError(60123, 'department_id required');
    return fallback;
  }
  const id = Number(raw);
  if (!Number.isInteger(id) || !state.company.departments.some((d) => d.id === id)) throw new WecomError(60123, 'invalid department id');
  return id;
}

/** Contacts (§6) and the OAuth code exchange. userid = employee key; one department per member. */
export function mountContacts(router: Router, state: WecomSandboxState): void {
  const { company } = state;
  const order = (id: number) => 100_000_000 - id;
  const leaders = new Map<number, string>();
  for (const e of company.employees) if (!leaders.has(e.departmentId)) leaders.set(e.departmentId, e.key);

  router.all(
    wecomApis.department_list.path,
    wecomRoute(state, 'department_list', ({ query }) => ({
      department: subtree(company, deptIdParam(state, query['id'], 1)).map((d) => ({
        id: d.id,
        name: d.name,
        name_en: '',
        department_leader: leaders.has(d.id) ? [leaders.get(d.id)] : [],
        parentid: d.parentId ?? 0,
        order: order(d.id),
      })),
    })),
  );

  router.all(
    wecomApis.department_simplelist.path,
    wecomRoute(state, 'department_simplelist', ({ query }) => ({
      department_id: subtree(company, deptIdParam(state, query['id'], 1)).map((d) => ({ id: d.id, parentid: d.parentId ?? 0, order: order(d.id) })),
    })),
  );

  router.all(
    wecomApis.user_list_id.path,
    wecomRoute(state, 'user_list_id', ({ body }) => {
      const limit = body['limit'] === undefined ? 10_000 : body['limit'];
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > wecomApis.user_list_id.maxPageSize) throw new WecomError(40058, 'limit must be 1-10000');
      const cursor = body['cursor'];
      let offset = 0;
      if (cursor !== undefined && cursor !== '') {
        const m = typeof cursor === 'string' ? /^u:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8')) : null;
        if (!m) throw new WecomError(40058, 'invalid cursor');
        offset = Number(m[1]);
      }
      const page = company.employees.slice(offset, offset + limit);
      const next = offset + page.length;
      return {
        next_cursor: next < company.employees.length ? Buffer.from(`u:${next}`, 'utf8').toString('base64url') : '',
        dept_user: page.map((e) => ({ userid: e.key, department: e.departmentId })),
      };
    }),
  );

  router.all(
    wecomApis.user_get.path,
    wecomRoute(state, 'user_get', ({ query }) => {
      const e = employeeOr60111(state, query['userid'] ?? '');
      return {
        userid: e.key,
        name: e.name,
        department: [e.departmentId],
        order: [0],
        position: e.position,
        mobile: e.mobile,
        gender: '0',
        email: e.email,
        is_leader_in_dept: [leaders.get(e.departmentId) === e.key ? 1 : 0],
        direct_leader: [],
        avatar: '',
        thumb_avatar: '',
        telephone: '',
        alias: '',
        address: '',
        extattr: { attrs: [{ type: 0, name: '工号', text: { value: e.jobNumber } }] },
        status: 1,
        enable: 1,
        qr_code: '',
        external_position: '',
        main_department: e.departmentId,
        hide_mobile: 0,
        english_name: '',
        departs_name: departmentPath(company, e.departmentId),
      };
    }),
  );

  router.all(
    wecomApis.user_simplelist.path,
    wecomRoute(state, 'user_simplelist', ({ query }) => {
      const root = deptIdParam(state, query['department_id'], null);
      const ids = new Set(query['fetch_child'] === '1' ? subtree(company, root).map((d) => d.id) : [root]);
      return { userlist: company.employees.filter((e) => ids.has(e.departmentId)).map((e) => ({ userid: e.key, name: e.name, department: [e.departmentId], open_userid: '' })) };
    }),
  );

  router.all(
    wecomApis.auth_getuserinfo.path,
    wecomRoute(state, 'auth_getuserinfo', ({ query, now }) => {
      const code = query['code'] ?? '';
      const entry = state.oauthCodes.get(code);
      // One-time and short-lived: a reused, expired or unknown code is 40029.
      state.oauthCodes.delete(code);
      if (!entry || entry.expiresAt <= now) throw new WecomError(40029, 'invalid code');
      return { userid: entry.userid, user_ticket: '' };
    }),
  );
}
