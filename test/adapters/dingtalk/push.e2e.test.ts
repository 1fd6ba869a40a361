import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import { buildAck, decodeCallback, DingtalkCallbackError, type DingtalkEvent } from '../../../adapters/dingtalk/codec.js';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import { v1Token } from './helpers.js';

/** A receiver as the service will run it: verify, decrypt, then answer the encrypted success. */
async function receiver(env: () => Record<string, string>, failFirst: (key: string) => boolean): Promise<{ url: string; events: DingtalkEvent[]; attempts: Map<string, number>; close(): Promise<void> }> {
  const events: DingtalkEvent[] = [];
  const attempts = new Map<string, number>();
  const app = express();
  app.use(express.json());
  app.post('/cb', (req, res) => {
    const e = env();
    const cfg = { token: e['DINGTALK_CALLBACK_TOKEN'] ?? '', aesKey: e['DINGTALK_CALLBACK_AES_KEY'] ?? '', ownerKey: e['DINGTALK_APP_KEY'] ?? '' };
    let ev: DingtalkEvent;
    try {
      ev = decodeCallback(cfg, req.query, req.body);
    } catch (err) {
      res.status(err instanceof DingtalkCallbackError ? err.status : 500).end();
      return;
    }
    const n = (attempts.get(ev.eventKey) ?? 0) + 1;
    attempts.set(ev.eventKey, n);
    if (failFirst(ev.eventKey) && n === 1) {
      res.status(503).end();
      return;
    }
    if (!events.some((x) => x.eventKey === ev.eventKey)) events.push(ev);
    res.json(buildAck(cfg, Date.now()));
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`,
    events,
    attempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('dingtalk sandbox: HTTP push of encrypted events', () => {
  let sb: DingtalkSandbox | undefined;
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
  });

  it('delivers contacts, approvals and check-ins that the receiver can decrypt', async () => {
    const rx = await receiver(() => sb?.env ?? {}, () => false);
    try {
      sb = await startDingtalkSandbox({ employees: 30, days: 3, seed: 4, callbackUrl: rx.url });
      const check = await request(sb.url).post('/__sandbox/push').send({ kind: 'check_url' });
      assert.deepEqual(check.body, { events: 1, delivered: 1, failed: 0 });
      const contacts = await request(sb.url).post('/__sandbox/push').send({ kind: 'contacts' });
      assert.equal(contacts.body.failed, 0);
      const added = rx.events.filter((e) => e.eventType === 'user_add_org').flatMap((e) => e.fields['userId'] as string[]);
      assert.deepEqual(added.sort(), sb.company.employees.map((e) => e.key).sort());
      const all = await request(sb.url).post('/__sandbox/push').send({});
      assert.equal(all.body.delivered, all.body.events);
      const punches = rx.events.filter((e) => e.eventType === 'attendance_check_record');
      assert.equal(punches.length, sb.company.punches.length);
      const first = (punches[0]?.fields['dataList'] as { userId: string; checkTime: number }[])[0];
      assert.ok(sb.company.punches.some((p) => p.employeeKey === first?.userId && p.at === first.checkTime));
      const starts = rx.events.filter((e) => e.eventType === 'bpms_instance_change' && e.fields['type'] === 'start');
      assert.equal(starts.length, sb.company.approvals.length);
      const finished = rx.events.filter((e) => e.eventType === 'bpms_instance_change' && e.fields['type'] === 'finish');
      assert.equal(finished.length, sb.company.approvals.filter((a) => a.status === 'approved' || a.status === 'rejected').length);
      assert.ok(finished.every((e) => e.fields['result'] === 'agree' || e.fields['result'] === 'refuse'));
      // Each event has a stable eventId: pushing again delivers the same keys.
      const keys = rx.events.length;
      await request(sb.url).post('/__sandbox/push').send({ kind: 'contacts' });
      assert.equal(rx.events.length, keys);
    } finally {
      await rx.close();
    }
  });

  it('retries a failed push (same eventId) and counts it delivered', async () => {
    const rx = await receiver(() => sb?.env ?? {}, () => true);
    try {
      sb = await startDingtalkSandbox({ employees: 20, days: 2, seed: 4, callbackUrl: rx.url, pushRetryDelaysMs: [20, 20] });
      const res = await request(sb.url).post('/__sandbox/push').send({ kind: 'contacts' });
      assert.equal(res.body.failed, 0);
      assert.equal(res.body.delivered, res.body.events);
      assert.ok([...rx.attempts.values()].every((n) => n === 2));
    } finally {
      await rx.close();
    }
  });

  it('after every retry fails the event lands in the failed list, which each fetch clears', async () => {
    // Wrong credentials on the receiver: it cannot verify, so it never acknowledges.
    const rx = await receiver(() => ({ DINGTALK_CALLBACK_TOKEN: 'wrong', DINGTALK_CALLBACK_AES_KEY: 'x'.repeat(43), DINGTALK_APP_KEY: 'y' }), () => false);
    try {
      sb = await startDingtalkSandbox({ employees: 20, days: 2, seed: 4, callbackUrl: rx.url, pushRetryDelaysMs: [5, 5] });
      const res = await request(sb.url).post('/__sandbox/push').send({ kind: 'contacts' });
      assert.equal(res.body.delivered, 0);
      assert.ok(res.body.failed > 0);
      const token = await v1Token(sb);
      const list = await request(sb.url).get('/call_back/get_call_back_failed_result').query({ access_token: token });
      assert.equal(list.body.errcode, 0);
      assert.equal(list.body.failed_list.length, res.body.failed);
      const item = list.body.failed_list.find((x: { call_back_tag: string }) => x.call_back_tag === 'user_add_org');
      assert.equal(item.user_add_org.corpid, sb.env['DINGTALK_CORP_ID']);
      const again = await request(sb.url).get('/call_back/get_call_back_failed_result').query({ access_token: token });
      assert.deepEqual(again.body.failed_list, []);
    } finally {
      await rx.close();
    }
  });

  it('push without a callback URL → 409; unknown kind → 400', async () => {
    sb = await startDingtalkSandbox({ employees: 5, days: 2, seed: 4 });
    assert.equal((await request(sb.url).post('/__sandbox/push').send({})).status, 409);
    const withUrl = await startDingtalkSandbox({ employees: 5, days: 2, seed: 4, callbackUrl: 'http://127.0.0.1:9/cb' });
    try {
      assert.equal((await request(withUrl.url).post('/__sandbox/push').send({ kind: 'bogus' })).status, 400);
    } finally {
      await withUrl.close();
    }
  });
});
