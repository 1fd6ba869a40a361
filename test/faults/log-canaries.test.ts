import assert from 'node:assert/strict';
import { freePort } from '../../src/demo/sandboxes.js';
import { waitForHttp, type CliProcess } from '../../src/bench/load/processes.js';
import { Canaries } from './support/canaries.js';
import { QUICK, size, sleep } from './support/env.js';
import { expireTokens, startStack, type Stack } from './support/stack.js';

async function inboxStates(stack: Stack): Promise<Record<string, number>> {
  const rows = (await stack.scratch.db('callback_inbox').select('state').count({ n: '*' }).groupBy('state')) as { state: string; n: number | string }[];
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/**
 * Every process at LOG_LEVEL=debug through the paths that handle personal data: pushed callbacks
 * carrying mobiles (contacts) and punches, forged ones, the worker resolving them against the vendor
 * with faults and expired tokens, and a sync. No secret, mobile or coordinate may appear in a line.
 */
describe(`faults: canary secrets, mobiles and coordinates never reach a log line${QUICK ? ' (quick)' : ''}`, function () {
  this.timeout(size(10, 4) * 60_000);
  let stack: Stack;
  let web: CliProcess;
  let worker: CliProcess;
  const pushes: unknown[] = [];

  before(async function () {
    const port = await freePort();
    stack = await startStack({ tag: 'flog', employees: size(200, 20), seed: 21, faultRate: 0.2, callbackUrl: `http://127.0.0.1:${port}` });
    web = stack.spawn(['serve', '--port', String(port)]);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, web);
    // A forged callback: refused, and its refusal logged without the material.
    await fetch(`http://127.0.0.1:${port}/callbacks/wecom/default?msg_signature=00&timestamp=1&nonce=2`, { method: 'POST', body: '<xml><Encrypt>AAAA</Encrypt></xml>' });
    // Contacts carry mobiles; approvals make the worker fetch details from the vendor. (Punch pushes
    // add volume, not new paths: the pull covers punches.)
    for (const url of [stack.wecom.url, stack.dingtalk.url]) {
      for (const kind of ['contacts', 'approvals']) pushes.push(await (await fetch(`${url}/__sandbox/push`, { method: 'POST', body: JSON.stringify({ kind }), headers: { 'content-type': 'application/json' } })).json());
    }
    worker = stack.spawn(['worker']);
    await expireTokens(stack.wecom.url);
    await expireTokens(stack.dingtalk.url);
    const sync = stack.spawn(['sync', '--tenant', 'default', '--stream', 'users']);
    await sync.exited;
    // The worker drains the inbox every 10 s; wait (bounded) until nothing is pending.
    const deadline = performance.now() + size(6, 2.5) * 60_000;
    while (performance.now() < deadline && ((await inboxStates(stack))['pending'] ?? 0) > 0) await sleep(1000);
  });
  after(async () => {
    await stack?.close();
  });

  it('pushed callbacks reached the inbox and the worker resolved them', async () => {
    assert.equal(pushes.length, 4);
    const states = await inboxStates(stack);
    assert.ok((states['done'] ?? 0) > 0, JSON.stringify({ states, pushes }));
    assert.equal(states['pending'] ?? 0, 0, JSON.stringify(states));
  });

  it('no log line of the web, worker or sync processes carries a canary', () => {
    const canaries = new Canaries().addSecrets(stack.env).addCompany(stack.wecom.company).addCompany(stack.dingtalk.company);
    assert.ok(canaries.size > 100);
    const mobile = stack.wecom.company.employees[0]?.mobile ?? '';
    assert.equal(canaries.leaks([`{"msg":"x","phone":"${mobile}"}`]).length, 1, 'the detector finds a planted mobile');
    assert.ok(web.lines.length > 0 && worker.lines.length > 0);
    canaries.assertClean(stack.lines, 'all processes');
  });
});
