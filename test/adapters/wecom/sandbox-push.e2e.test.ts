import assert from 'node:assert/strict';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeEvent, type DecodedEvent } from '../../../adapters/wecom/codec.js';
import { startWecomSandbox, type WecomSandbox } from '../../../adapters/wecom/sandbox/index.js';

/** A local callback receiver that fails the first `failFirst` requests with 500. */
async function receiver(failFirst: number) {
  const got: { query: Record<string, unknown>; body: string }[] = [];
  let seen = 0;
  const app = express();
  app.post('/cb', express.text({ type: () => true }), (req, res) => {
    seen++;
    if (seen <= failFirst) return void res.status(500).end();
    got.push({ query: req.query as Record<string, unknown>, body: req.body as string });
    res.status(200).end();
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  return { url, got, requests: () => seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('wecom sandbox — callback push', () => {
  let sb: WecomSandbox | undefined;
  let rx: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    await sb?.close();
    await rx?.close();
  });

  it('delivers decryptable, signed events and retries a 500', async () => {
    rx = await receiver(1);
    sb = await startWecomSandbox({ employees: 12, days: 5, seed: 4, today: '2026-11-25', callbackUrl: rx.url, pushRetryDelayMs: 5 });
    assert.deepEqual(Object.keys(sb.env).sort(), ['WECOM_AGENT_ID', 'WECOM_API_BASE', 'WECOM_CALLBACK_AES_KEY', 'WECOM_CALLBACK_TOKEN', 'WECOM_CORP_ID', 'WECOM_SECRET']);
    const res = await fetch(`${sb.url}/__sandbox/push`, { method: 'POST', body: JSON.stringify({ kind: 'all' }) });
    const result = (await res.json()) as { events: number; delivered: number; failed: number; attempts: number };
    assert.ok(result.events > 12 + 1);
    assert.equal(result.delivered, result.events);
    assert.equal(result.failed, 0);
    assert.equal(result.attempts, result.events + 1, 'the failed first delivery was retried');
    const cfg = { token: sb.env['WECOM_CALLBACK_TOKEN'] ?? '', encodingAesKey: sb.env['WECOM_CALLBACK_AES_KEY'] ?? '', corpId: sb.env['WECOM_CORP_ID'] ?? '' };
    const decoded = rx.got.map((g) => decodeEvent(g.query, g.body, cfg));
    assert.ok(decoded.every((d) => d.ok));
    const events = decoded.flatMap((d) => (d.ok ? [d.value] : [])) as DecodedEvent[];
    const approvals = events.filter((e) => e.eventType === 'sys_approval_change');
    assert.equal(approvals.length, sb.company.approvals.length);
    assert.equal(events.filter((e) => e.eventType === 'change_contact').length, sb.company.employees.length + sb.company.departments.length);
    assert.equal(new Set(events.map((e) => e.eventKey)).size, events.length, 'distinct events have distinct keys');
    const a = approvals[0]?.receivedFields['ApprovalInfo'] as Record<string, unknown>;
    assert.match(String(a['SpNoStr']), /^\d{12}$/);
  });

  it('gives up after 1 + 3 attempts and reports the failure', async () => {
    rx = await receiver(1000);
    sb = await startWecomSandbox({ employees: 3, days: 2, seed: 4, today: '2026-11-25', callbackUrl: rx.url, pushRetryDelayMs: 1 });
    const res = await fetch(`${sb.url}/__sandbox/push`, { method: 'POST', body: JSON.stringify({ kind: 'contacts' }) });
    const result = (await res.json()) as { events: number; delivered: number; failed: number; attempts: number };
    assert.equal(result.delivered, 0);
    assert.equal(result.failed, result.events);
    assert.equal(result.attempts, result.events * 4);
    assert.equal(rx.requests(), result.events * 4);
  });

  it('push without a callback URL → 409; unknown kind → 400', async () => {
    sb = await startWecomSandbox({ employees: 3, days: 2, seed: 4, today: '2026-11-25' });
    assert.equal((await fetch(`${sb.url}/__sandbox/push`, { method: 'POST', body: '{}' })).status, 409);
    await sb.close();
    rx = await receiver(0);
    sb = await startWecomSandbox({ employees: 3, days: 2, seed: 4, today: '2026-11-25', callbackUrl: rx.url });
    assert.equal((await fetch(`${sb.url}/__sandbox/push`, { method: 'POST', body: JSON.stringify({ kind: 'nope' }) })).status, 400);
  });
});
