import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import type { DingtalkConnector } from '../../../adapters/dingtalk/connector.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import type { StreamTruth } from '../../../adapters/dingtalk/sandbox/streamGateway.js';
import { DingtalkStreamClient, GATEWAY_OPEN_PATH, startStreamReceivers, type StreamReceivers } from '../../../adapters/dingtalk/stream/index.js';
import { drainInbox } from '../../../src/callbacks/drain.js';
import { callbackRouter } from '../../../src/callbacks/router.js';
import { ManualClock, systemClock } from '../../../src/clock.js';
import type { Db } from '../../../src/ledger/db.js';
import { createLogger } from '../../../src/log.js';
import { createMetrics } from '../../../src/metrics.js';
import { createApp } from '../../../src/web/app.js';
import { connectSandbox, countWhere, freshLedger, sandboxTenant, testDeps } from './support.js';

interface PushResult {
  events: number;
  delivered: number;
  failed: number;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('dingtalk stream: sandbox gateway → stream client → inbox → drain → ledger', function () {
  this.timeout(60_000);
  const logger = createLogger('silent');
  let db: Db;
  let server: Server;
  let sb: DingtalkSandbox;
  let connector: DingtalkConnector;
  let receivers: StreamReceivers;
  const lookup = (vendor: string, tenant: string): DingtalkConnector | undefined => (vendor === 'dingtalk' && tenant === 'dt' ? connector : undefined);
  const inbox = (): Promise<number> => countWhere(db, 'callback_inbox', { tenant_id: 'dt' });
  const truth = async (): Promise<StreamTruth> => (await request(sb.url).get('/__sandbox/stream/truth').expect(200)).body as StreamTruth;
  const streamPush = async (kind: string): Promise<PushResult> => (await request(sb.url).post('/__sandbox/stream/push').send({ kind }).expect(200)).body as PushResult;
  const httpPush = async (kind: string): Promise<PushResult> => (await request(sb.url).post('/__sandbox/push').send({ kind }).expect(200)).body as PushResult;

  before(async () => {
    db = await freshLedger();
    const app = createApp({ db, logger, metrics: createMetrics(), routers: [{ path: '/callbacks', router: callbackRouter({ db, clock: systemClock, logger, bodyLimit: '1mb', connector: lookup }) }] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/dingtalk/dt`;
    // Redelivery after 300 ms instead of 10 s; four attempts in all.
    sb = await startDingtalkSandbox({ port: 0, employees: 20, days: 3, seed: 17, callbackUrl, pushRetryDelaysMs: [300, 300, 300] });
    const tenant = await sandboxTenant(sb);
    connector = connectSandbox({ ...tenant, eventMode: 'stream' }, testDeps());
    // An HTTP-mode tenant of the same app: it must not get a stream client.
    const httpTenant = connectSandbox({ ...tenant, id: 'dt-http', eventMode: 'http' }, testDeps());
    receivers = startStreamReceivers({ db, clock: systemClock, logger, connectors: [connector, httpTenant] }, { reconnect: { baseMs: 50 } });
  });
  after(async () => {
    await receivers.stop();
    await sb.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.destroy();
  });

  it('opens one connection per stream-mode tenant with a ticket and answers SYSTEM ping', async () => {
    assert.equal(receivers.clients.length, 1);
    await waitFor('the connection', async () => (await truth()).open === 1);
    const t = await truth();
    assert.equal(t.ticketsIssued, 1);
    assert.equal(t.connectionsOpened, 1);
    const ping = (await request(sb.url).post('/__sandbox/stream/ping').send({ timeoutMs: 2000 }).expect(200)).body as { connections: number; answered: number };
    assert.deepEqual(ping, { connections: 1, answered: 1 });
    assert.deepEqual((await truth()).pings, { sent: 1, answered: 1 });
  });

  it('does not acknowledge an event whose insert failed; the redelivery is stored once', async () => {
    const before = await truth();
    await db.schema.renameTable('callback_inbox', 'callback_inbox_off');
    let renamedBack = false;
    try {
      const pushing = streamPush('contacts');
      // Every first delivery is answered LATER while the inbox table is missing …
      await waitFor('LATER answers', async () => (await truth()).acks.LATER > before.acks.LATER && (await truth()).deliveries - before.deliveries >= 2);
      const during = await truth();
      assert.equal(during.acks.SUCCESS, before.acks.SUCCESS, 'nothing acknowledged while the insert fails');
      await db.schema.renameTable('callback_inbox_off', 'callback_inbox');
      renamedBack = true;
      // … and the gateway's redelivery of the same messageId is stored and acknowledged.
      const r = await pushing;
      assert.equal(r.failed, 0);
      assert.equal(r.delivered, r.events);
      const after = await truth();
      assert.ok(after.acks.LATER - before.acks.LATER >= 1);
      assert.ok(after.redeliveries - before.redeliveries >= after.acks.LATER - before.acks.LATER, 'each LATER was followed by a redelivery');
      assert.equal(after.acks.SUCCESS - before.acks.SUCCESS, r.events);
      assert.equal(await inbox(), r.events);
      const keys = (await db('callback_inbox').where('tenant_id', 'dt').select('event_key')) as { event_key: string }[];
      assert.equal(new Set(keys.map((k) => k.event_key)).size, r.events);
    } finally {
      if (!renamedBack) await db.schema.renameTable('callback_inbox_off', 'callback_inbox');
    }
  });

  it('stores an event pushed over HTTP and over Stream once', async () => {
    const base = await inbox();
    const http = await httpPush('approvals');
    assert.equal(http.failed, 0);
    assert.ok(http.events > 0);
    assert.equal(await inbox(), base + http.events);
    const acked = (await truth()).acks.SUCCESS;
    const stream = await streamPush('approvals');
    assert.equal(stream.events, http.events);
    assert.equal(stream.delivered, stream.events, 'duplicates are acknowledged too');
    assert.equal((await truth()).acks.SUCCESS - acked, stream.events);
    assert.equal(await inbox(), base + http.events);
  });

  it('stores every streamed event once, even when streamed again, and HTTP repeats add nothing', async () => {
    const first = await streamPush('all');
    assert.equal(first.failed, 0);
    assert.equal(await inbox(), first.events, 'contacts and approvals were already in; check-ins are new');
    const again = await streamPush('all');
    assert.equal(again.delivered, again.events);
    assert.equal(await inbox(), first.events);
    const http = await httpPush('all');
    assert.equal(http.delivered, http.events);
    assert.equal(await inbox(), first.events);
  });

  it('reconnects with a fresh ticket after a SYSTEM disconnect, and events flow again', async () => {
    const before = await truth();
    const client = receivers.clients[0];
    assert.ok(client);
    const opened = client.opened;
    const r = (await request(sb.url).post('/__sandbox/stream/disconnect').send({ closeAfterMs: 200 }).expect(200)).body as { connections: number };
    assert.equal(r.connections, 1);
    await waitFor('the reconnect', async () => {
      const t = await truth();
      return t.connectionsOpened === before.connectionsOpened + 1 && t.open === 1;
    });
    const after = await truth();
    assert.equal(after.ticketsIssued, before.ticketsIssued + 1, 'a new ticket for the new connection');
    assert.equal(client.opened, opened + 1);
    const pushed = await streamPush('contacts');
    assert.equal(pushed.delivered, pushed.events);
    assert.equal((await truth()).acks.SUCCESS - after.acks.SUCCESS, pushed.events);
  });

  it('drains the streamed events into the ledger: punches, requests, departments', async () => {
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
  });
});

describe('dingtalk stream gateway stand-in: tickets and refusals', function () {
  this.timeout(30_000);
  const clock = new ManualClock(Date.parse('2026-03-02T02:00:00Z'));
  let sb: DingtalkSandbox;
  const open = async (): Promise<{ endpoint: string; ticket: string }> =>
    (
      await request(sb.url)
        .post(GATEWAY_OPEN_PATH)
        .set('accept', 'application/json')
        .send({ clientId: sb.env['DINGTALK_APP_KEY'], clientSecret: sb.env['DINGTALK_APP_SECRET'], subscriptions: [{ type: 'EVENT', topic: '*' }] })
        .expect(200)
    ).body as { endpoint: string; ticket: string };
  /** Resolves with the HTTP status of a refused upgrade, or 101 once open (then closes). */
  const connect = (url: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('error', (err) => (err.message.includes('Unexpected server response') ? undefined : reject(err)));
    });

  before(async () => {
    sb = await startDingtalkSandbox({ port: 0, employees: 3, days: 1, seed: 5, clock });
  });
  after(async () => {
    await sb.close();
  });

  it('refuses wrong credentials and EVENT topics other than *', async () => {
    const wrong = await request(sb.url).post(GATEWAY_OPEN_PATH).set('accept', 'application/json').send({ clientId: sb.env['DINGTALK_APP_KEY'], clientSecret: 'nope', subscriptions: [{ type: 'EVENT', topic: '*' }] });
    assert.equal(wrong.status, 400);
    assert.equal((wrong.body as { code: string }).code, 'invalidClientIdOrSecret');
    await request(sb.url)
      .post(GATEWAY_OPEN_PATH)
      .set('accept', 'application/json')
      .send({ clientId: sb.env['DINGTALK_APP_KEY'], clientSecret: sb.env['DINGTALK_APP_SECRET'], subscriptions: [{ type: 'EVENT', topic: '/v1.0/x' }] })
      .expect(400);
  });

  it('answers on the sandbox port, and a ticket opens one connection only, within 90 s', async () => {
    const a = await open();
    assert.equal(a.endpoint, `${sb.url.replace('http', 'ws')}/connect`);
    assert.equal(await connect(`${a.endpoint}?ticket=${a.ticket}`), 101);
    assert.equal(await connect(`${a.endpoint}?ticket=${a.ticket}`), 401, 'single use');
    assert.equal(await connect(`${a.endpoint}?ticket=made-up`), 401);
    const b = await open();
    clock.advance(90_001);
    assert.equal(await connect(`${b.endpoint}?ticket=${b.ticket}`), 401, 'expired');
    const t = (await request(sb.url).get('/__sandbox/stream/truth')).body as StreamTruth;
    assert.equal(t.ticketsIssued, 2);
    assert.equal(t.ticketsRefused, 3);
  });

  it('stop() during the first connect leaves no connection behind', async () => {
    const tenant = await sandboxTenant(sb);
    const truthNow = async (): Promise<StreamTruth> => (await request(sb.url).get('/__sandbox/stream/truth')).body as StreamTruth;
    const before = await truthNow();
    const client = new DingtalkStreamClient({ tenant, logger: createLogger('silent'), receive: () => Promise.resolve() });
    client.start();
    await client.stop();
    await new Promise((r) => setTimeout(r, 200));
    const after = await truthNow();
    assert.equal(after.open, 0);
    assert.ok(after.connectionsOpened - before.connectionsOpened <= 1);
  });

  it('a refused handshake schedules one retry at a time, backing off', async () => {
    const tenant = await sandboxTenant(sb);
    let opens = 0;
    // Every ticket is spent before the client presents it, so every handshake is refused (401).
    class SpentTickets extends DingtalkStreamClient {
      override async getEndpoint(): Promise<this> {
        opens += 1;
        await super.getEndpoint();
        const url = (this as unknown as { dw_url: string }).dw_url;
        await connect(url);
        return this;
      }
    }
    const client = new SpentTickets({ tenant, logger: createLogger('silent'), receive: () => Promise.resolve(), reconnect: { baseMs: 50, random: () => 0 } });
    const refusedBefore = ((await request(sb.url).get('/__sandbox/stream/truth')).body as StreamTruth).ticketsRefused;
    client.start();
    await new Promise((r) => setTimeout(r, 2500));
    await client.stop();
    const refused = ((await request(sb.url).get('/__sandbox/stream/truth')).body as StreamTruth).ticketsRefused - refusedBefore;
    // Retries after 100, 200, 400, 800 ms: five attempts in 2.5 s. The SDK's own policy (an extra
    // 1 s retry from the socket's close on top of the failed connect's) would make about a dozen.
    assert.ok(opens >= 4 && opens <= 6, `attempts: ${opens}`);
    assert.equal(refused, opens, 'every attempt presented its (spent) ticket once');
    assert.equal(client.opened, 0);
  });
});
