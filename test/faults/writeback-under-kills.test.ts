import assert from 'node:assert/strict';
import { enqueue, type OutboxItem } from '../../src/writeback/outbox.js';
import { Canaries } from './support/canaries.js';
import { FAULT_SEED, QUICK, seeded, size, sleep, workerName } from './support/env.js';
import { expireWhatTheDeadHeld, startStack, truthOf, type Stack } from './support/stack.js';

const PER_VENDOR = size(300, 50);
const KILLS = size(10, 3);

interface Upload {
  body: { userid: string; user_check_time: number };
}

async function dingtalkUploads(stack: Stack): Promise<Upload[]> {
  return (((await truthOf(stack.dingtalk.url)).writes as Record<string, Upload[]>)['recordUpload'] ?? []) as Upload[];
}

async function writesSoFar(stack: Stack): Promise<number> {
  return stack.wecom.state.writes.add_checkin_record + (await dingtalkUploads(stack)).length;
}

async function outboxStates(stack: Stack): Promise<Record<string, number>> {
  const rows = (await stack.scratch.db('writeback_outbox').select('state').count({ n: '*' }).groupBy('state')) as { state: string; n: number | string }[];
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** One punch per item, a minute apart, at whole seconds in the past, with coordinates the logs must not show. */
function items(stack: Stack, now: number): { outbox: OutboxItem[]; canaries: Canaries } {
  const canaries = new Canaries();
  const outbox: OutboxItem[] = [];
  const base = Math.floor(now / 1000) * 1000 - 3 * 86_400_000 + 17_000;
  const wecomUsers = stack.wecom.company.employees.map((e) => e.key);
  const dingtalkUsers = stack.dingtalk.company.employees.map((e) => e.key);
  for (let i = 0; i < PER_VENDOR; i++) {
    const lat = 30.123457 + i / 1e6;
    const lng = 120.654321 + i / 1e6;
    canaries.addCoordinate(lat, lng);
    const at = base + i * 60_000;
    outbox.push({ idempotencyKey: `fault-wc-${i}`, tenantId: 'default', kind: 'add_checkin_record', payload: { records: [{ userid: wecomUsers[i % wecomUsers.length], at, lat, lng, deviceType: 1, deviceDetail: 'fault-suite' }] } });
    outbox.push({ idempotencyKey: `fault-dt-${i}`, tenantId: 'default-dingtalk', kind: 'punch_upload', payload: { userId: dingtalkUsers[i % dingtalkUsers.length], at, deviceName: 'fault-suite', deviceId: 'fs-1' } });
  }
  return { outbox, canaries };
}

/**
 * Worker processes flush the outbox (every 30 s, under the `outbox` lease). Each kill waits until
 * the sandboxes see writes arriving, i.e. a flush is under way, then SIGKILLs the worker at a
 * random moment within the next 150 ms and starts a new one.
 */
async function flushUnderKills(stack: Stack, random: () => number, deadline: number): Promise<number> {
  let kills = 0;
  while (kills < KILLS && performance.now() < deadline) {
    const proc = stack.spawn(['worker']);
    const before = await writesSoFar(stack);
    while (performance.now() < deadline && proc.child.exitCode === null && (await writesSoFar(stack)) === before) await sleep(20);
    if ((await outboxStates(stack))['pending'] === undefined) {
      proc.kill('SIGTERM');
      await proc.exited;
      break;
    }
    await sleep(random() * 150);
    proc.kill('SIGKILL');
    await proc.exited;
    kills++;
    await expireWhatTheDeadHeld(stack.scratch, workerName(proc.pid));
  }
  // A last worker that is left alone until the outbox is empty.
  const last = stack.spawn(['worker']);
  while (performance.now() < deadline && ((await outboxStates(stack))['pending'] ?? 0) > 0) await sleep(500);
  last.kill('SIGTERM');
  await last.exited;
  return kills;
}

describe(`faults: ${2 * PER_VENDOR} write-backs flushed by workers under ${KILLS} SIGKILLs${QUICK ? ' (quick)' : ''}`, function () {
  this.timeout(size(20, 5) * 60_000);
  let stack: Stack;
  let outbox: OutboxItem[];
  let canaries: Canaries;
  let kills: number;

  before(async function () {
    stack = await startStack({ tag: 'fwb', employees: 20, seed: 3, faultRate: 0 });
    ({ outbox, canaries } = items(stack, Date.now()));
    await enqueue(stack.scratch.db, outbox, Date.now());
    kills = await flushUnderKills(stack, seeded(FAULT_SEED + 1), performance.now() + size(18, 4.5) * 60_000);
  });
  after(async () => {
    await stack?.close();
  });

  it('killed workers in the middle of flushes, and the outbox ended with every item done', async () => {
    assert.equal(kills, KILLS);
    assert.deepEqual(await outboxStates(stack), { done: outbox.length });
  });

  it('WeCom received every add_checkin_record item exactly once', () => {
    const doubles: string[] = [];
    const missing: string[] = [];
    for (const item of outbox.filter((o) => o.kind === 'add_checkin_record')) {
      const [r] = (item.payload as { records: { userid: string; at: number }[] }).records;
      const n = stack.wecom.state.punchesOf(r?.userid ?? '').filter((p) => p.at === r?.at).length;
      if (n === 0) missing.push(item.idempotencyKey);
      if (n > 1) doubles.push(`${item.idempotencyKey}×${n}`);
    }
    assert.deepEqual({ missing, doubles }, { missing: [], doubles: [] });
    assert.equal(stack.wecom.state.writes.add_checkin_record, PER_VENDOR);
  });

  it('DingTalk received every punch_upload item exactly once', async () => {
    const uploads = await dingtalkUploads(stack);
    const seen = new Map<string, number>();
    for (const u of uploads) seen.set(`${u.body.userid}@${u.body.user_check_time}`, (seen.get(`${u.body.userid}@${u.body.user_check_time}`) ?? 0) + 1);
    const expected = outbox.filter((o) => o.kind === 'punch_upload').map((o) => `${String(o.payload['userId'])}@${String(o.payload['at'])}`);
    assert.deepEqual({ missing: expected.filter((k) => !seen.has(k)), doubles: [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`) }, { missing: [], doubles: [] });
    assert.equal(uploads.length, PER_VENDOR);
  });

  it('logged no secret, mobile or written coordinate (LOG_LEVEL=debug)', () => {
    canaries.addSecrets(stack.env).addCompany(stack.wecom.company).addCompany(stack.dingtalk.company);
    canaries.assertClean(stack.lines, 'worker processes');
  });
});
