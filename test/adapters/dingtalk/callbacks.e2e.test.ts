import assert from 'node:assert/strict';
import type { InboxEvent } from '../../../src/vendor/contract.js';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DingtalkConnector } from '../../../adapters/dingtalk/connector.js';
import { encodeCallback, isValidAck } from '../../../adapters/dingtalk/codec.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { drainInbox } from '../../../src/callbacks/drain.js';
import { storeEvents } from '../../../src/callbacks/inbox.js';
import { callbackRouter } from '../../../src/callbacks/router.js';
import { systemClock } from '../../../src/clock.js';
import type { Db } from '../../../src/ledger/db.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { createApp } from '../../../src/web/app.js';
import { connectSandbox, countWhere, freshLedger, sandboxTenant, testDeps } from './support.js';

const MAX_AGE_SECONDS = 3600;

describe('dingtalk callbacks: sandbox pushes → receiver → inbox → drain → ledger', function () {
  this.timeout(60_000);
  const logger = createLogger('silent');
  let db: Db;
  let server: Server;
  let base: string;
  let sb: DingtalkSandbox;
  let connector: DingtalkConnector | undefined;
  const lookup = (vendor: string, tenant: string): DingtalkConnector | undefined => (vendor === 'dingtalk' && tenant === 'dt' ? connector : undefined);
  const inbox = (): Promise<number> => countWhere(db, 'callback_inbox', { tenant_id: 'dt' });
  const push = async (kind: string): Promise<{ events: number; delivered: number; failed: number }> =>
    (await request(sb.url).post('/__sandbox/push').send({ kind }).expect(200)).body as { events: number; delivered: number; failed: number };
  const cfg = (): { token: string; aesKey: string; ownerKey: string } => ({
    token: sb.env['DINGTALK_CALLBACK_TOKEN'] ?? '',
    aesKey: sb.env['DINGTALK_CALLBACK_AES_KEY'] ?? '',
    ownerKey: sb.env['DINGTALK_APP_KEY'] ?? '',
  });
  const post = (p: ReturnType<typeof encodeCallback>): request.Test => request(base).post('/callbacks/dingtalk/dt').query(p.query).type('application/json').send(JSON.stringify(p.body));

  before(async () => {
    db = await freshLedger();
    const app = createApp({ db, logger, metrics: createMetrics(), routers: [{ path: '/callbacks', router: callbackRouter({ db, clock: systemClock, logger, bodyLimit: '1mb', connector: lookup }) }] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sb = await startDingtalkSandbox({ port: 0, employees: 30, days: 4, seed: 9, callbackUrl: `${base}/callbacks/dingtalk/dt`, pushRetryDelaysMs: [20, 20] });
    connector = connectSandbox(await sandboxTenant(sb), testDeps(systemClock, MAX_AGE_SECONDS));
  });
  after(async () => {
    await sb.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.destroy();
  });

  it('answers check_url with the encrypted success and stores nothing', async () => {
    assert.deepEqual(await push('check_url'), { events: 1, delivered: 1, failed: 0 });
    assert.equal(await inbox(), 0);
  });

  it('stores every pushed event once, even when pushed twice', async () => {
    const firstRound = await push('all');
    assert.equal(firstRound.failed, 0);
    assert.equal(await inbox(), firstRound.events);
    const again = await push('all');
    assert.equal(again.delivered, again.events, 'redeliveries are acknowledged too');
    assert.equal(await inbox(), firstRound.events);
  });

  it('dedupes legacy events (no eventId, DataList) by their business key', async () => {
    const p = sb.company.punches[0];
    assert.ok(p);
    const legacy = { EventType: 'attendance_check_record', CorpId: sb.env['DINGTALK_CORP_ID'], DataList: [{ userId: p.employeeKey, checkTime: p.at, locationMethod: 'MAP', locationResult: 'Normal' }] };
    const before = await inbox();
    const r1 = await post(encodeCallback(cfg(), legacy, Date.now())).expect(200);
    assert.ok(isValidAck(cfg(), r1.body), 'the reply is the encrypted success envelope');
    // A redelivery is encrypted afresh (new nonce and timestamp), so only the business key can tell.
    await post(encodeCallback(cfg(), legacy, Date.now() + 1000)).expect(200);
    assert.equal(await inbox(), before + 1);
  });

  it('refuses forged, foreign and stale callbacks with nothing stored', async () => {
    const before = await inbox();
    const event = { EventType: 'user_add_org', eventId: 'forged-1', userId: ['u00001'] };
    const forged = encodeCallback(cfg(), event, Date.now());
    forged.query.signature = '0'.repeat(40);
    const r = await post(forged).expect(401);
    assert.equal((r.body as { error: { code: string } }).error.code.toLowerCase(), 'bad_signature');
    await post(encodeCallback({ ...cfg(), ownerKey: 'dingsomeoneelse' }, event, Date.now())).expect(403);
    await post(encodeCallback(cfg(), event, Date.now() - (MAX_AGE_SECONDS + 60) * 1000)).expect(401);
    await request(base).get('/callbacks/dingtalk/dt').expect(400);
    await request(base).post('/callbacks/dingtalk/dt').query({ signature: 'x', timestamp: '1', nonce: 'n' }).type('application/json').send('not json').expect(400);
    assert.equal(await inbox(), before);
  });

  it('accepts events encrypted for the corp id (API-registered subscriptions)', async () => {
    const before = await inbox();
    const event = { EventType: 'some_future_event', eventId: 'corp-owned-1' };
    const r = await post(encodeCallback({ ...cfg(), ownerKey: sb.env['DINGTALK_CORP_ID'] ?? '' }, event, Date.now())).expect(200);
    assert.ok(isValidAck({ ...cfg(), ownerKey: sb.env['DINGTALK_CORP_ID'] ?? '' }, r.body));
    assert.equal(await inbox(), before + 1);
  });

  it('drains the inbox into the ledger: punches, requests, people, departments', async () => {
    const pending = await inbox();
    let done = 0;
    for (let round = 0; round < 10 && done < pending; round++) {
      const r = await drainInbox(db, { clock: systemClock, logger, connector: lookup, batchSize: 1000 });
      assert.equal(r.failed + r.parked, 0);
      done += r.done;
    }
    assert.equal(done, pending);
    const keys = new Set(((await db('punches').where('tenant_id', 'dt').select('source_record_key')) as { source_record_key: string }[]).map((r) => r.source_record_key));
    assert.deepEqual(keys, new Set(sb.company.punches.map((p) => `${p.employeeKey}:${p.at}`)));
    assert.equal(await countWhere(db, 'requests', { tenant_id: 'dt' }), sb.company.approvals.length);
    assert.equal(await countWhere(db, 'departments', { tenant_id: 'dt' }), sb.company.departments.length);
    const named = await db('employees').whereIn('id', db('employee_identities').where('tenant_id', 'dt').select('employee_id')).whereNot('name', 'like', 'u0%').count({ n: '*' });
    assert.equal(Number((named[0] as { n: number }).n), sb.company.employees.length, 'user_add_org fetched every person');
  });

  it('recovers events pushed while the receiver was down from the failed-push list', async () => {
    const live = connector;
    connector = undefined; // the receiver answers 404: every push and both retries fail
    const down = await push('contacts');
    connector = live;
    assert.ok(down.failed > 0 && down.delivered === 0);
    const before = await inbox();
    const types: string[] = [];
    const store = async (events: InboxEvent[]) => {
      types.push(...events.map((e) => e.eventType));
      await storeEvents(db, 'dingtalk', 'dt', events, Date.now());
    };
    assert.equal(await live?.recoverMissedEvents(store), down.failed);
    assert.deepEqual(types.sort(), ['org_dept_create', 'user_add_org']);
    assert.equal(await inbox(), before + down.failed);
    assert.equal(await live?.recoverMissedEvents(store), 0, 'the vendor cleared its list');
    const r = await drainInbox(db, { clock: systemClock, logger, connector: lookup });
    assert.deepEqual(r, { done: down.failed, failed: 0, parked: 0 });
  });
});
