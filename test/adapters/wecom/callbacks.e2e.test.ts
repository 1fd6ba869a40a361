import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Express } from 'express';
import { systemClock } from '../../../src/clock.js';
import { drainInbox } from '../../../src/callbacks/drain.js';
import { callbackRouter } from '../../../src/callbacks/router.js';
import type { Db } from '../../../src/ledger/db.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { createApp } from '../../../src/web/app.js';
import { encodeEvent } from '../../../adapters/wecom/codec.js';
import { encryptMessage, signature } from '../../../adapters/wecom/crypto.js';
import type { WecomConnector } from '../../../adapters/wecom/connector.js';
import { startWecomSandbox, type WecomSandbox } from '../../../adapters/wecom/sandbox/index.js';
import { connect, count, freshLedger } from './support.js';

const PATH = '/callbacks/wecom/acme';

describe('wecom callbacks e2e: receiver, inbox and drain against the sandbox', function () {
  this.timeout(60_000);
  const logger = createLogger('silent');
  let db: Db;
  let app: Express;
  let server: Server;
  let sb: WecomSandbox;
  let conn: WecomConnector;
  const lookup = (vendor: string, tenant: string) => (vendor === 'wecom' && tenant === 'acme' ? conn : undefined);
  const cfg = () => ({ token: sb.env['WECOM_CALLBACK_TOKEN'] ?? '', encodingAesKey: sb.env['WECOM_CALLBACK_AES_KEY'] ?? '', corpId: sb.env['WECOM_CORP_ID'] ?? '' });
  const now = () => Math.floor(Date.now() / 1000);
  const push = async (kind: string) => (await (await fetch(`${sb.url}/__sandbox/push`, { method: 'POST', body: JSON.stringify({ kind }) })).json()) as { events: number; delivered: number; failed: number };
  const approvalEvent = (spNo: string) => ({ ToUserName: cfg().corpId, FromUserName: 'sys', CreateTime: now(), MsgType: 'event', Event: 'sys_approval_change', ApprovalInfo: { SpNoStr: spNo, SpStatus: 2, StatuChangeEvent: 2 } });

  before(async () => {
    db = await freshLedger();
    app = createApp({ db, logger, metrics: createMetrics(), routers: [{ path: '/callbacks', router: callbackRouter({ db, clock: systemClock, logger, bodyLimit: '1mb', connector: lookup }) }] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    sb = await startWecomSandbox({ port: 0, employees: 30, days: 31, seed: 11, callbackUrl: `http://127.0.0.1:${port}${PATH}`, pushRetryDelayMs: 10 });
    conn = connect(sb.env);
  });
  after(async () => {
    await sb?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await db?.destroy();
  });

  it('answers the URL verification with exactly the decrypted echostr', async () => {
    const echostr = encryptMessage(cfg().encodingAesKey, '1616140317555161061', cfg().corpId);
    const q = { timestamp: String(now()), nonce: '263014780', echostr };
    const res = await request(app).get(PATH).query({ ...q, msg_signature: signature(cfg().token, q.timestamp, q.nonce, echostr) }).expect(200);
    assert.equal(res.text, '1616140317555161061');
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    await request(app).get(PATH).query({ ...q, msg_signature: '0'.repeat(40) }).expect(401);
  });

  it('stores pushed approval events once, even when pushed twice', async () => {
    const first = await push('approvals');
    assert.equal(first.events, sb.state.approvals.length);
    assert.equal(first.delivered, first.events);
    assert.equal(await count(db, 'callback_inbox'), first.events);
    const again = await push('approvals');
    assert.equal(again.delivered, again.events, 'duplicates are acknowledged');
    assert.equal(await count(db, 'callback_inbox'), first.events, 'and stored once');
  });

  it('refuses forged, foreign, DTD-carrying and stale callbacks, storing nothing', async () => {
    const stored = await count(db, 'callback_inbox');
    const ok = encodeEvent(approvalEvent('209901010001'), cfg(), now(), 'n1');
    const forged = await request(app).post(PATH).query({ ...ok.query, msg_signature: 'f'.repeat(40) }).type('text/xml').send(ok.body).expect(401);
    assert.equal(String(forged.body.error.code).toLowerCase(), 'bad_signature');
    const foreign = encodeEvent(approvalEvent('209901010002'), { ...cfg(), corpId: 'wwsomeoneelse0001' }, now(), 'n2');
    assert.equal(String((await request(app).post(PATH).query(foreign.query).type('text/xml').send(foreign.body).expect(403)).body.error.code).toLowerCase(), 'forbidden');
    const dtd = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaa">]>${ok.body}`;
    assert.equal(String((await request(app).post(PATH).query(ok.query).type('text/xml').send(dtd).expect(400)).body.error.code).toLowerCase(), 'bad_request');
    const stale = encodeEvent(approvalEvent('209901010003'), cfg(), now() - 2 * 86_400, 'n3');
    await request(app).post(PATH).query(stale.query).type('text/xml').send(stale.body).expect(401);
    await request(app).post(PATH).query(ok.query).type('text/xml').send('<xml><Encrypt>not base64!</Encrypt></xml>').expect(401);
    assert.equal(await count(db, 'callback_inbox'), stored);
  });

  it('drains approval events into requests, fetching each detail', async () => {
    const detailsBefore = sb.state.calls['/cgi-bin/oa/getapprovaldetail'] ?? 0;
    let done = 0;
    for (;;) {
      const r = await drainInbox(db, { clock: systemClock, logger, connector: lookup });
      assert.equal(r.failed + r.parked, 0);
      done += r.done;
      if (r.done === 0) break;
    }
    assert.equal(done, sb.state.approvals.length);
    assert.equal((sb.state.calls['/cgi-bin/oa/getapprovaldetail'] ?? 0) - detailsBefore, sb.state.approvals.length);
    assert.deepEqual(((await db('requests').select('external_id')) as { external_id: string }[]).map((r) => r.external_id).sort(), sb.state.approvals.map((a) => a.id).sort());
  });

  it('resolves contact and device-punch events into employees, departments and punches', async () => {
    await push('contacts');
    await push('checkins');
    for (;;) {
      const r = await drainInbox(db, { clock: systemClock, logger, connector: lookup });
      assert.equal(r.failed + r.parked, 0);
      if (r.done === 0) break;
    }
    assert.equal(await count(db, 'departments'), sb.company.departments.length);
    const names = (await db.raw('select i.external_user_id as u, e.name as name from employees e join employee_identities i on i.employee_id = e.id')) as { u: string; name: string }[];
    assert.deepEqual(new Map(names.map((r) => [r.u, r.name])), new Map(sb.company.employees.map((e) => [e.key, e.name])), 'create_user events fetched every member');
    const truth = new Set(sb.company.punches.map((p) => `${p.employeeKey}|${p.at}`));
    const rows = (await db.raw('select i.external_user_id as u, p.at as at from punches p join employee_identities i on i.employee_id = p.employee_id')) as { u: string; at: number }[];
    assert.ok(rows.length > 0, 'device events brought punches');
    assert.ok(rows.every((r) => truth.has(`${r.u}|${r.at}`)), 'only real punches, no 未打卡 rows');
    assert.ok(sb.company.punches.filter((p) => p.deviceSn).every((p) => rows.some((r) => r.u === p.employeeKey && r.at === p.at)), 'every device punch arrived');
  });
});
