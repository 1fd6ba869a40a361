import assert from 'node:assert/strict';
import request from 'supertest';
import { addDays } from '../../../src/sandbox/calendar.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { at, oapi, truth, v1Token } from './helpers.js';

describe('dingtalk sandbox: attendance limits, paging and a full pull', () => {
  let sb: DingtalkSandbox;
  let token: string;
  let users: string[];
  before(async () => {
    sb = await startDingtalkSandbox({ employees: 120, days: 20, seed: 5 });
    token = await v1Token(sb);
    users = sb.company.employees.map((e) => e.key);
  });
  after(() => sb.close());

  it('listRecord: 51 users → error, 50 users fine', async () => {
    const { from } = sb.company;
    const over = await oapi(sb, token, '/attendance/listRecord', { userIds: users.slice(0, 51), checkDateFrom: at(from), checkDateTo: at(from, '23:59:59') });
    assert.equal(over.errcode, 40035);
    const ok = await oapi(sb, token, '/attendance/listRecord', { userIds: users.slice(0, 50), checkDateFrom: at(from), checkDateTo: at(from, '23:59:59') });
    assert.equal(ok.errcode, 0);
  });

  it('listRecord: 8 days → error, 7 days inclusive fine, end before start → error', async () => {
    const { from } = sb.company;
    const body = { userIds: users.slice(0, 5), checkDateFrom: at(from) };
    assert.notEqual((await oapi(sb, token, '/attendance/listRecord', { ...body, checkDateTo: at(addDays(from, 7), '00:00:01') })).errcode, 0);
    assert.equal((await oapi(sb, token, '/attendance/listRecord', { ...body, checkDateTo: at(addDays(from, 6), '23:59:59') })).errcode, 0);
    assert.notEqual((await oapi(sb, token, '/attendance/listRecord', { ...body, checkDateTo: at(addDays(from, -1)) })).errcode, 0);
  });

  it('listRecord answers the §11.2 shape and honours the time window precisely', async () => {
    const p = sb.company.punches[0];
    assert.ok(p);
    const iso = new Date(p.at).toLocaleString('sv-SE', { timeZone: sb.company.timezone });
    const hit = await oapi(sb, token, '/attendance/listRecord', { userIds: [p.employeeKey], checkDateFrom: iso, checkDateTo: iso });
    const rows = hit['recordresult'] as Record<string, unknown>[];
    const row = rows.find((r) => r['bizId'] === p.id);
    assert.ok(row, 'the punch at exactly checkDateFrom is included');
    assert.deepEqual(Object.keys(hit).sort(), ['errcode', 'errmsg', 'recordresult']);
    for (const k of ['id', 'corpId', 'userId', 'workDate', 'userCheckTime', 'sourceType', 'locationMethod', 'gmtCreate', 'gmtModified']) assert.ok(k in row, k);
    assert.equal(typeof row['id'], 'number');
    assert.equal(row['userCheckTime'], p.at);
    const later = new Date(p.at + 1000).toLocaleString('sv-SE', { timeZone: sb.company.timezone });
    const miss = await oapi(sb, token, '/attendance/listRecord', { userIds: [p.employeeKey], checkDateFrom: later, checkDateTo: later });
    assert.equal((miss['recordresult'] as unknown[]).some((r) => (r as Record<string, unknown>)['bizId'] === p.id), false);
  });

  it('attendance/list pages with offset/limit and hasMore; limit 51 → error', async () => {
    const { from } = sb.company;
    const to = addDays(from, 6);
    const body = { workDateFrom: at(from), workDateTo: at(to), userIdList: users.slice(0, 10) };
    assert.notEqual((await oapi(sb, token, '/attendance/list', { ...body, offset: 0, limit: 51 })).errcode, 0);
    assert.notEqual((await oapi(sb, token, '/attendance/list', { ...body, userIdList: users.slice(0, 51), offset: 0, limit: 50 })).errcode, 0);
    assert.notEqual((await oapi(sb, token, '/attendance/list', { ...body, workDateTo: at(addDays(from, 7)), offset: 0, limit: 50 })).errcode, 0);
    const ids: number[] = [];
    let offset = 0;
    for (;;) {
      const page = await oapi(sb, token, '/attendance/list', { ...body, offset, limit: 7 });
      assert.equal(page.errcode, 0);
      const rows = page['recordresult'] as { id: number; timeResult: string; checkType: string; workDate: number }[];
      ids.push(...rows.map((r) => r.id));
      if (!page['hasMore']) break;
      assert.equal(rows.length, 7);
      offset += 7;
    }
    assert.ok(ids.length > 20);
    assert.equal(new Set(ids).size, ids.length, 'pages do not overlap');
    const whole = await oapi(sb, token, '/attendance/list', { ...body, offset: 0, limit: 50 });
    assert.equal(whole['hasMore'], ids.length > 50);
  });

  it('a full pull finds exactly the truth counts', async () => {
    const t = await truth(sb);
    const { from, to } = sb.company;
    // Departments: walk listsub from the root (which listsub does not return itself).
    const depts: number[] = [1];
    for (let i = 0; i < depts.length; i++) {
      const res = await oapi(sb, token, '/topapi/v2/department/listsub', { dept_id: depts[i] });
      depts.push(...(res['result'] as { dept_id: number }[]).map((d) => d.dept_id));
    }
    // Users: cursor paging per department.
    const seen = new Set<string>();
    for (const dept of depts) {
      let cursor = 0;
      for (;;) {
        const res = await oapi(sb, token, '/topapi/v2/user/list', { dept_id: dept, cursor, size: 7 });
        const r = res['result'] as { has_more: boolean; next_cursor?: number; list: { userid: string }[] };
        for (const u of r.list) seen.add(u.userid);
        if (!r.has_more) break;
        cursor = r.next_cursor ?? -1;
      }
    }
    // Punches: 50 users × 7 days per call, one extra day for night shifts ending after `to`.
    const userIds = [...seen];
    let punches = 0;
    for (let i = 0; i < userIds.length; i += 50) {
      for (let d = from; d <= addDays(to, 1); d = addDays(d, 7)) {
        const end = addDays(d, 6) < addDays(to, 1) ? addDays(d, 6) : addDays(to, 1);
        const res = await oapi(sb, token, '/attendance/listRecord', { userIds: userIds.slice(i, i + 50), checkDateFrom: at(d), checkDateTo: at(end, '23:59:59') });
        assert.equal(res.errcode, 0);
        punches += (res['recordresult'] as unknown[]).length;
      }
    }
    // Approvals: every process code, cursor paging, windows of ≤120 days on create time.
    const codes = Object.values(t['processCodes'] as Record<string, string>);
    let approvals = 0;
    const start = Date.parse(`${from}T00:00:00+08:00`) - 86_400_000;
    for (const code of codes) {
      let cursor: number | undefined = 0;
      while (cursor !== undefined) {
        const res = await oapi(sb, token, '/topapi/processinstance/listids', { process_code: code, start_time: start, end_time: Date.now(), size: 20, cursor });
        assert.equal(res.errcode, 0);
        const r = res['result'] as { list: string[]; next_cursor?: number };
        approvals += r.list.length;
        cursor = r.next_cursor;
      }
    }
    assert.deepEqual({ users: seen.size, departments: depts.length, punches, approvals }, t.counts);
    const after = await truth(sb);
    assert.ok((after.calls['attendanceListRecord'] ?? 0) >= 6);
  });

  it('v1.0 instanceIds/query pages with nextToken and enforces maxResults ≤ 20', async () => {
    const t = await truth(sb);
    const code = (t['processCodes'] as Record<string, string>)['leave'];
    const start = Date.parse(`${sb.company.from}T00:00:00+08:00`) - 86_400_000;
    const call = (body: object): request.Test => request(sb.url).post('/v1.0/workflow/processes/instanceIds/query').set('x-acs-dingtalk-access-token', token).send(body);
    const bad = await call({ processCode: code, startTime: start, nextToken: 0, maxResults: 21 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalidMaxResults');
    assert.equal((await call({ processCode: 'PROC-NOPE', startTime: start, nextToken: 0, maxResults: 5 })).body.code, 'invalidProcessCode');
    assert.equal((await call({ processCode: code, startTime: start, endTime: start + 121 * 86_400_000, nextToken: 0, maxResults: 5 })).body.code, 'invalidEndTime');
    const all: string[] = [];
    let next = '0';
    while (next !== '') {
      const res = await call({ processCode: code, startTime: start, nextToken: Number(next), maxResults: 5 });
      assert.equal(res.status, 200);
      all.push(...(res.body.result.list as string[]));
      next = res.body.result.nextToken as string;
    }
    const leaves = sb.company.approvals.filter((a) => a.type === 'leave').length;
    assert.equal(all.length, leaves);
    const one = await request(sb.url).get('/v1.0/workflow/processInstances').set('x-acs-dingtalk-access-token', token).query({ processInstanceId: all[0] });
    assert.equal(one.status, 200);
    assert.equal(one.body.result.formComponentValues[0].componentType, 'DDHolidayField');
  });
});
