import assert from 'node:assert/strict';
import { sendPrepared } from '../../src/bench/load/callbackTraffic.js';
import { BENCH_CALLBACKS, callbackTenantEnv } from '../../src/bench/load/callbackTraffic.js';
import { scratchDatabase, type ScratchDatabase } from '../../src/bench/load/mariadb.js';
import { startWebProcess, type WebProcess } from '../../src/bench/load/webProcess.js';
import { Canaries } from './support/canaries.js';
import { FAULT_SEED, MYSQL_URL, QUICK, seeded, size } from './support/env.js';
import { buildFlood, EXPECTED_STATUS, type FloodItem, type Kind } from './support/flood.js';

const VALID = size(8000, 1500);
const CONCURRENCY = 10;

describe(`faults: a callback flood of ${VALID} valid events with duplicates, forgeries, malformed, DTD and oversized bodies${QUICK ? ' (quick)' : ''}`, function () {
  this.timeout(size(15, 4) * 60_000);
  let scratch: ScratchDatabase;
  let web: WebProcess;
  let flood: FloodItem[];
  const answers: { kind: Kind; status: number }[] = [];

  before(async function () {
    scratch = await scratchDatabase(MYSQL_URL, 'fflood');
    web = await startWebProcess(scratch.url, { LOG_LEVEL: 'debug' });
    flood = buildFlood(VALID, seeded(FAULT_SEED));
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < flood.length) {
        const item = flood[next++] as FloodItem;
        const r = await sendPrepared(web.base, item.req, 10_000);
        answers.push({ kind: item.kind, status: r.status });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  });
  after(async () => {
    await web?.stop();
    await scratch?.drop();
  });

  it('answered every request with the status its kind calls for', () => {
    assert.equal(answers.length, flood.length);
    const wrong: Record<string, number> = {};
    for (const a of answers) if (a.status !== EXPECTED_STATUS[a.kind]) wrong[`${a.kind}→${a.status}`] = (wrong[`${a.kind}→${a.status}`] ?? 0) + 1;
    assert.deepEqual(wrong, {});
    for (const kind of Object.keys(EXPECTED_STATUS)) assert.ok(answers.some((a) => a.kind === kind), `the flood had ${kind} requests`);
  });

  it('stored exactly the valid unique events: no duplicate, nothing refused, nothing lost', async () => {
    const rows = (await scratch.db('callback_inbox').select('vendor', 'tenant_id', 'event_key')) as { vendor: string; tenant_id: string; event_key: string }[];
    const expected = flood.filter((f) => f.kind === 'valid').map((f) => f.req.eventKey);
    assert.equal(new Set(expected).size, VALID);
    assert.equal(rows.length, VALID);
    assert.deepEqual(new Set(rows.map((r) => r.event_key)), new Set(expected));
  });

  it('logged no secret (LOG_LEVEL=debug)', () => {
    const canaries = new Canaries().addSecrets(callbackTenantEnv());
    assert.ok(canaries.size >= 4 && BENCH_CALLBACKS.wecom.token.length > 0);
    canaries.assertClean(web.proc.lines, 'web process');
  });
});
