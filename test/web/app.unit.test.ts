import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { openDb } from '../../src/ledger/db.js';
import { createLogger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createApp } from '../../src/web/app.js';
import { AppError } from '../../src/errors.js';

describe('web shell', () => {
  const db = openDb('sqlite::memory:');
  const echo = express.Router();
  echo.use(express.json({ limit: '1kb' }));
  echo.post('/echo', (req, res) => {
    res.json(req.body);
  });
  echo.get('/boom', () => {
    throw new AppError('period_locked', 'March 2026 is locked.');
  });
  const app = createApp({ db, logger: createLogger('silent'), metrics: createMetrics(), routers: [{ path: '/t', router: echo }] });
  after(() => db.destroy());

  it('answers health, readiness and metrics', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app).get('/readyz').expect(200, { status: 'ready' });
    const m = await request(app).get('/metrics').expect(200);
    assert.match(m.text, /http_request_duration_seconds/);
  });

  it('answers 503 database_unavailable when the database is gone', async () => {
    const dead = openDb('sqlite::memory:');
    await dead.destroy();
    const deadApp = createApp({ db: dead, logger: createLogger('silent'), metrics: createMetrics() });
    const res = await request(deadApp).get('/readyz').expect(503);
    assert.equal(res.body.error.code, 'DATABASE_UNAVAILABLE');
  });

  it('uses one error shape for unknown routes, bad JSON, large bodies and app errors', async () => {
    const nf = await request(app).get('/nope').expect(404);
    assert.deepEqual(Object.keys(nf.body.error).sort(), ['code', 'message']);
    assert.equal(nf.body.error.code, 'NOT_FOUND');
    const bad = await request(app).post('/t/echo').set('content-type', 'application/json').send('{"a":').expect(400);
    assert.equal(bad.body.error.code, 'BAD_REQUEST');
    const big = await request(app).post('/t/echo').send({ x: 'y'.repeat(2048) }).expect(413);
    assert.equal(big.body.error.code, 'PAYLOAD_TOO_LARGE');
    const locked = await request(app).get('/t/boom').expect(409);
    assert.deepEqual(locked.body, { error: { code: 'PERIOD_LOCKED', message: 'March 2026 is locked.' } });
  });

  it('never writes secrets, mobiles or coordinates to the log', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ tenant: { corpsecret: 'S3CRET', appSecret: 'S3CRET2' }, employee: { mobile: '13800000001', name: '张三' }, punch: { lat: 22.5431, lng: 113.9342 }, access_token: 'TOKEN' }, 'x');
    const out = lines.join('');
    for (const leak of ['S3CRET', 'S3CRET2', '13800000001', '22.5431', '113.9342', 'TOKEN']) assert.ok(!out.includes(leak), `${leak} leaked: ${out}`);
    assert.ok(out.includes('张三'));
  });
});

describe('queue metrics', () => {
  it('exposes inbox, outbox and recompute backlogs from the ledger', async () => {
    const { migrateLatest } = await import('../../src/ledger/migrate.js');
    const { registerQueueMetrics } = await import('../../src/web/queueMetrics.js');
    const db = openDb('sqlite::memory:');
    await migrateLatest(db);
    await db('callback_inbox').insert({ vendor: 'wecom', tenant_id: 't', event_key: 'k', event_type: 'x', payload: '{}', state: 'parked', attempts: 8, next_attempt_at: 0, received_at: 0 });
    await db('dirty_days').insert([{ employee_id: 'e', work_date: '2026-03-01', marked_at: 0 }, { employee_id: 'e', work_date: '2026-03-02', marked_at: 0 }]);
    const metrics = createMetrics();
    registerQueueMetrics(metrics.registry, db);
    const app = createApp({ db, logger: createLogger('silent'), metrics });
    const text = (await request(app).get('/metrics').expect(200)).text;
    assert.match(text, /callback_inbox_rows\{state="parked"\} 1/);
    assert.match(text, /dirty_days 2/);
    await db.destroy();
  });
});
