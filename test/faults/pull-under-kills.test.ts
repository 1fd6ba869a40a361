import assert from 'node:assert/strict';
import { Canaries } from './support/canaries.js';
import { FAULT_SEED, QUICK, seeded, size, sleep, workerName } from './support/env.js';
import { countOf, punchDiff } from './support/ledger.js';
import { expireTokens, expireWhatTheDeadHeld, startStack, truthOf, type Stack } from './support/stack.js';

const EMPLOYEES = size(1000, 100);
const KILLS = size(30, 5);
/** A kill lands between 0.3 s and this long after a start: within start-up, a page, or a commit. */
const MAX_KILL_DELAY_MS = size(12_000, 5000);
const TENANTS = ['default', 'default-dingtalk'] as const;

interface RunLog {
  tenant: string;
  pid: number;
  outcome: string;
  /** The last lines of a run that failed, to say why. */
  last?: string;
}

/**
 * Runs `sync --tenant` for every tenant until each has exited 0: the first runs are SIGKILLed at
 * random moments (KILLS in all, spread over the tenants), tokens expire in the middle of runs, and
 * the database goes away once. Bounded in attempts and in time.
 */
async function pullUntilDone(stack: Stack, random: () => number, deadline: number): Promise<RunLog[]> {
  const runs: RunLog[] = [];
  let killsLeft = KILLS;
  let outageDone = false;
  for (const [i, tenant] of TENANTS.entries()) {
    const killsHere = i === TENANTS.length - 1 ? killsLeft : Math.ceil(KILLS / TENANTS.length);
    let killed = 0;
    for (let attempt = 0; attempt < killsHere + 15; attempt++) {
      assert.ok(performance.now() < deadline, `out of time after ${runs.length} runs: ${JSON.stringify(runs)}`);
      const proc = stack.spawn(['sync', '--tenant', tenant, '--wait', '60']);
      const killAt = killed < killsHere ? 300 + random() * (MAX_KILL_DELAY_MS - 300) : Infinity;
      const expireAt = random() * Math.min(killAt, MAX_KILL_DELAY_MS);
      const expiry = setTimeout(() => void Promise.all([expireTokens(stack.wecom.url), expireTokens(stack.dingtalk.url)]), expireAt);
      // The one database outage: during the third run, after the run had a second to get going.
      const outage = !outageDone && runs.length === 2 ? setTimeout(() => void databaseOutage(stack), 1000) : undefined;
      if (outage) outageDone = true;
      const timer = Number.isFinite(killAt) ? setTimeout(() => proc.kill('SIGKILL'), killAt) : undefined;
      const { code, signal } = await proc.exited;
      clearTimeout(timer);
      clearTimeout(expiry);
      if (signal === 'SIGKILL') {
        killed++;
        killsLeft--;
        await expireWhatTheDeadHeld(stack.scratch, workerName(proc.pid));
        runs.push({ tenant, pid: proc.pid, outcome: 'killed' });
        continue;
      }
      runs.push({ tenant, pid: proc.pid, outcome: `exit ${code}`, ...(code === 0 ? {} : { last: proc.lines.slice(-3).join(' | ').slice(0, 600) }) });
      if (code === 0) break;
      // A run that met the outage fails; the scheduler (here: the loop) starts it again.
      await expireWhatTheDeadHeld(stack.scratch, workerName(proc.pid));
      await sleep(500);
    }
  }
  return runs;
}

async function databaseOutage(stack: Stack): Promise<void> {
  stack.proxy.stop();
  await sleep(size(5000, 3000));
  stack.proxy.resume();
}

describe(`faults: a month pulled by sync processes under ${KILLS} SIGKILLs, a database outage, 20 % vendor faults and expired tokens (${EMPLOYEES} employees per vendor${QUICK ? ', quick' : ''})`, function () {
  this.timeout(size(40, 9) * 60_000);
  let stack: Stack;
  let runs: RunLog[];

  before(async function () {
    stack = await startStack({ tag: 'fpull', employees: EMPLOYEES, seed: FAULT_SEED % 10_000, faultRate: 0.2 });
    runs = await pullUntilDone(stack, seeded(FAULT_SEED), performance.now() + size(35, 8) * 60_000);
  });
  after(async () => {
    await stack?.close();
  });

  it('killed the workers as often as asked and finished every tenant', () => {
    assert.ok(runs.filter((r) => r.outcome === 'killed').length >= KILLS, JSON.stringify(runs));
    for (const tenant of TENANTS) assert.equal(runs.filter((r) => r.tenant === tenant).at(-1)?.outcome, 'exit 0', `${tenant}: ${JSON.stringify(runs.filter((r) => r.tenant === tenant))}`);
  });

  for (const [tenant, vendor] of [
    ['default', 'wecom'],
    ['default-dingtalk', 'dingtalk'],
  ] as const) {
    it(`${vendor}: every punch in the ledger exactly once — 0 lost, 0 duplicated, nothing invented`, async () => {
      const diff = await punchDiff(stack.scratch.db, tenant, stack[vendor].company);
      const truth = await truthOf(stack[vendor].url);
      assert.equal(diff.expected, truth.counts['punches']);
      assert.deepEqual({ lost: diff.lost.slice(0, 10), duplicated: diff.duplicated.slice(0, 10), unexpected: diff.unexpected.slice(0, 10) }, { lost: [], duplicated: [], unexpected: [] });
      assert.equal(diff.rows, truth.counts['punches']);
    });

    it(`${vendor}: users, departments and approvals equal the truth`, async () => {
      const truth = await truthOf(stack[vendor].url);
      const db = stack.scratch.db;
      assert.deepEqual(
        { users: await countOf(db, 'employee_identities', tenant), departments: await countOf(db, 'departments', tenant), approvals: await countOf(db, 'requests', tenant) },
        { users: truth.counts['users'], departments: truth.counts['departments'], approvals: truth.counts['approvals'] },
      );
    });
  }

  it('logged no secret, mobile or coordinate (LOG_LEVEL=debug)', () => {
    const canaries = new Canaries().addSecrets(stack.env).addCompany(stack.wecom.company).addCompany(stack.dingtalk.company);
    assert.ok(stack.lines.length > 0);
    canaries.assertClean(stack.lines, 'sync processes');
  });
});
