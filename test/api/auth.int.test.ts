import assert from 'node:assert/strict';
import request, { type Response } from 'supertest';
import { createToken, hashToken, listTokens, resolveToken, revokeToken } from '../../src/api/auth/tokens.js';
import { apiRoutes } from '../../src/api/routes/index.js';
import { describeEachDb } from '../support/db.js';
import { NOW, assertDocumented, bearer, dept, emp, seed, type Fixture } from './fixture.js';

describeEachDb('api: tokens, roles and the document', (t) => {
  let f: Fixture;
  before(async () => {
    f = await seed(t.db);
  });

  it('stores only a SHA-256 hash of a random, prefixed token', async () => {
    const token = await createToken(t.db, { role: 'hr', name: 'probe' }, f.clock);
    assert.match(token, /^ab_[A-Za-z0-9_-]{43}$/);
    const rows = (await t.db('api_tokens').select('*')) as Record<string, unknown>[];
    assert.ok(rows.every((r) => !Object.values(r).includes(token)), 'plaintext stored');
    const row = rows.find((r) => r.token_hash === hashToken(token));
    assert.equal(row?.name, 'probe');
    assert.notEqual(await createToken(t.db, { role: 'hr', name: 'probe' }, f.clock), token);
    const audit = await t.db('audit_log').where({ entity: 'api_token', entity_id: row?.id as string, action: 'create' }).first();
    assert.ok(audit, 'token creation is audited');
    assert.ok(!String(audit.after).includes(hashToken(token)), 'the audit entry carries no hash');
  });

  it('answers 401 UNAUTHENTICATED for a missing, malformed, unknown, revoked or expired token', async () => {
    const revoked = await createToken(t.db, { role: 'hr', name: 'gone' }, f.clock);
    const id = (await listTokens(t.db)).find((r) => r.name === 'gone')?.id as string;
    assert.equal(await revokeToken(t.db, id, f.clock), true);
    assert.equal(await revokeToken(t.db, id, f.clock), false);
    const expired = await createToken(t.db, { role: 'hr', name: 'old', expiresAt: NOW + 1000 }, f.clock);
    f.clock.advance(1000);
    try {
      const cases: [string, string][] = [['authorization', 'Basic eDp5'], bearer('ab_nope'), bearer('not-even-prefixed'), bearer(revoked), bearer(expired)];
      const none = await request(f.app).get('/api/v1/me').expect(401);
      assert.equal(none.body.error.code, 'UNAUTHENTICATED');
      for (const [k, v] of cases) {
        const res = await request(f.app).get('/api/v1/me').set(k, v).expect(401);
        assert.deepEqual(res.body, none.body, `${v} answers the same as no token`);
      }
    } finally {
      f.clock.set(NOW);
    }
  });

  it('records when a token was last used', async () => {
    const token = await createToken(t.db, { role: 'system', name: 'fresh' }, f.clock);
    assert.equal((await listTokens(t.db)).find((r) => r.name === 'fresh')?.last_used_at, null);
    await request(f.app).get('/api/v1/me').set(...bearer(token)).expect(200);
    assert.equal((await listTokens(t.db)).find((r) => r.name === 'fresh')?.last_used_at, NOW);
    assert.equal((await resolveToken(t.db, token, NOW))?.role, 'system');
  });

  it('GET /me names the caller and their scope for every role', async () => {
    const me = async (token: string) => {
      const res = await request(f.app).get('/api/v1/me').set(...bearer(token)).expect(200);
      assertDocumented('get', '/me', res);
      return res.body;
    };
    const wang = await me(f.tokens.wang);
    assert.equal(wang.role, 'employee');
    assert.equal(wang.employee.id, emp('wang'));
    assert.equal(wang.employee.departmentName, 'Web');
    assert.equal(wang.employee.mobile, undefined, 'no mobiles on the wire');
    assert.deepEqual(wang.scope, { organisation: false, departmentIds: [] });
    const zhang = await me(f.tokens.zhang);
    assert.deepEqual(zhang.scope.departmentIds, [dept('eng'), dept('web')].sort());
    const sales = await me(f.tokens.salesManager);
    assert.equal(sales.employee, null);
    assert.deepEqual(sales.scope.departmentIds, [dept('sales')]);
    for (const token of [f.tokens.hr, f.tokens.admin, f.tokens.system]) assert.equal((await me(token)).scope.organisation, true);
  });

  it('lets exactly the roles a read route declares through, for every read route and every role', async () => {
    const range = 'from=2026-03-01&to=2026-03-03';
    const reads: Record<string, (employee: string) => string> = {
      getMe: () => '/me',
      listEmployees: () => '/employees',
      getEmployee: (e) => `/employees/${e}`,
      listDepartments: () => '/departments',
      listPunches: (e) => `/punches?employee=${e}&${range}`,
      listDayResults: (e) => `/day-results?employee=${e}&${range}`,
      listExceptions: () => `/exceptions?${range}`,
      listRequests: (e) => `/requests?employee=${e}`,
      getBalances: (e) => `/balances?employee=${e}`,
      listAudit: () => `/audit?${range}`,
      getPeriod: () => '/periods/2026-03',
      monthlyReport: () => '/reports/monthly?month=2026-03',
      dailyExceptionsReport: () => '/reports/daily-exceptions?date=2026-03-03',
      departmentsReport: () => '/reports/departments?month=2026-03',
      reconciliationReport: () => '/reports/reconciliation?month=2026-03',
      balancesReport: () => '/reports/balances?month=2026-03',
      listRosters: () => '/rosters?month=2026-03',
      listDevices: () => '/devices',
    };
    // Each token asks about an employee in its own scope, so only the role decides.
    const callers = [
      { token: f.tokens.wang, role: 'employee', employee: emp('wang') },
      { token: f.tokens.zhang, role: 'manager', employee: emp('wang') },
      { token: f.tokens.salesManager, role: 'manager', employee: emp('li') },
      { token: f.tokens.hr, role: 'hr', employee: emp('boss') },
      { token: f.tokens.admin, role: 'admin', employee: emp('li') },
      { token: f.tokens.system, role: 'system', employee: emp('zhang') },
    ] as const;
    for (const route of apiRoutes.filter((r) => r.method === 'get')) {
      const path = reads[route.id];
      assert.ok(path, `the matrix lacks ${route.id}`);
      for (const c of callers) {
        const allowed = route.roles.includes(c.role);
        const res: Response = await request(f.app).get(`/api/v1${path(c.employee)}`).set(...bearer(c.token));
        assert.equal(res.status, allowed ? 200 : 403, `${route.id} as ${c.role}: ${JSON.stringify(res.body)}`);
        if (allowed) assertDocumented('get', path(c.employee), res);
      }
    }
  });

  it('answers 403 FORBIDDEN to a role a route does not allow', async () => {
    for (const token of [f.tokens.wang, f.tokens.zhang, f.tokens.system]) {
      const res = await request(f.app).get('/api/v1/audit?from=2026-03-01&to=2026-03-31').set(...bearer(token)).expect(403);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    const sys = await request(f.app).post('/api/v1/requests/1/cancel').set(...bearer(f.tokens.system)).send({}).expect(403);
    assert.equal(sys.body.error.code, 'FORBIDDEN');
  });

  it('serves an OpenAPI 3.1 document listing every route with its roles and schemas, without a token', async () => {
    const res = await request(f.app).get('/api/v1/openapi.json').expect(200);
    const doc = res.body;
    assert.equal(doc.openapi, '3.1.0');
    for (const r of apiRoutes) {
      const path = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method];
      assert.ok(op, `${r.method} ${path} missing`);
      assert.equal(op.operationId, r.id);
      assert.deepEqual(op['x-roles'], [...r.roles]);
      const ok = op.responses[String(r.status)].content['application/json'].schema.$ref as string;
      assert.ok(doc.components.schemas[ok.split('/').pop() as string], `${ok} is defined`);
      if (r.body) assert.ok(doc.components.schemas[(op.requestBody.content['application/json'].schema.$ref as string).split('/').pop() as string]);
    }
    const count = Object.values(doc.paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
    assert.equal(count, apiRoutes.length + 1, 'every route plus the document itself, nothing else');
    const punches = doc.paths['/punches'].get;
    assert.deepEqual(punches.parameters.filter((p: { required: boolean }) => p.required).map((p: { name: string }) => p.name).sort(), ['from', 'to']);
    const body = doc.components.schemas.CreateRequestBody;
    assert.deepEqual(body.properties.type.enum, ['leave', 'overtime', 'correction', 'trip', 'outing', 'time_off', 'field']);
    // Every reference resolves inside the document.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) assert.ok(doc.components.schemas[ref.slice(8, -1).replace('#/components/schemas/', '')], `${ref} dangles`);
    assert.ok(doc.components.schemas.Department.properties.children, 'the recursive department tree is a component');
  });
});
