import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDingtalkSandbox } from '../../adapters/dingtalk/sandbox/index.js';
import { startWecomSandbox } from '../../adapters/wecom/sandbox/index.js';
import { wecomApis } from '../../adapters/wecom/descriptor.js';
import { createRuntime, prepareDatabase, type Runtime } from '../main.js';
import { runStream, tenantUserIds } from '../sync/runner.js';
import { benchConfig, dingtalkTenant, wecomTenant } from './load/sandboxTenants.js';
import { round, type Bench, type BenchLine } from './harness.js';

const EMPLOYEES = 1000;
const DAYS = 31;
const SEED = 11;
const PUNCH_API = { wecom: wecomApis.getcheckindata.path, dingtalk: 'attendanceListRecord' } as const;
type Vendor = keyof typeof PUNCH_API;

interface VendorCount {
  /** Calls the sandbox received on the punch API (its own count: faulted calls included). */
  received: number;
  /** Calls the runner says the punches stream made. */
  reported: number;
  minimum: number;
  complete: boolean;
}

async function truthOf(url: string): Promise<{ calls: Record<string, number>; counts: { punches: number } }> {
  return (await (await fetch(`${url}/__sandbox/truth`)).json()) as { calls: Record<string, number>; counts: { punches: number } };
}

/**
 * Both sandboxes (same seed, so the same company every time) and a runtime whose tenants point at
 * them. `ledger` reuses an earlier run's database, so a second pass needs no user sync.
 */
async function setup(faultRate: number, ledger: string): Promise<{ rt: Runtime; urls: Record<Vendor, string>; range: { from: string; to: string }; close(): Promise<void> }> {
  const common = { port: 0, host: '127.0.0.1', employees: EMPLOYEES, days: DAYS, seed: SEED, faultRate };
  const wecom = await startWecomSandbox(common);
  const dingtalk = await startDingtalkSandbox(common);
  const rt = createRuntime(benchConfig(`sqlite:${ledger}`, [wecomTenant('wecom', wecom.env), dingtalkTenant('dingtalk', dingtalk.env)]));
  await prepareDatabase(rt);
  return {
    rt,
    urls: { wecom: wecom.url, dingtalk: dingtalk.url },
    range: { from: wecom.company.from, to: wecom.company.to },
    close: async () => {
      await rt.close();
      await wecom.close();
      await dingtalk.close();
    },
  };
}

/** Runs `streams` of one tenant for the month and counts the punch API calls. */
async function pull(rt: Runtime, vendor: Vendor, url: string, range: { from: string; to: string }, streams: string[], log: (m: string) => void): Promise<VendorCount> {
  const connector = rt.connectors.get(vendor);
  if (connector === undefined) throw new Error(`no connector ${vendor}`);
  let reported = 0;
  for (const name of streams) {
    const stream = connector.streams().find((s) => s.name === name);
    if (stream === undefined) throw new Error(`${vendor} has no ${name} stream`);
    const started = performance.now();
    const r = await runStream(rt.db, connector, stream, { clock: rt.clock, backfillDays: DAYS, range });
    log(`  ${vendor} ${name}: ${r.calls} calls, ${Math.round(performance.now() - started)} ms`);
    if (name === 'punches') reported = r.calls;
  }
  const users = (await tenantUserIds(rt.db, vendor)).length;
  const truth = await truthOf(url);
  const [row] = (await rt.db('punches').where('tenant_id', vendor).count({ n: '*' })) as { n: number }[];
  const minimum = connector.streams().find((s) => s.name === 'punches')?.minimumCalls?.(range, users) ?? 0;
  return { received: truth.calls[PUNCH_API[vendor]] ?? 0, reported, minimum, complete: Number(row?.n ?? 0) === truth.counts.punches };
}

async function pass(faultRate: number, ledger: string, streams: string[], log: (m: string) => void): Promise<Record<Vendor, VendorCount>> {
  const s = await setup(faultRate, ledger);
  try {
    const [wecom, dingtalk] = await Promise.all([pull(s.rt, 'wecom', s.urls.wecom, s.range, streams, log), pull(s.rt, 'dingtalk', s.urls.dingtalk, s.range, streams, log)]);
    return { wecom, dingtalk };
  } finally {
    await s.close();
  }
}

function line(name: string, faultRate: number, c: Record<Vendor, VendorCount>, limit: number): BenchLine {
  const value = c.wecom.received + c.dingtalk.received;
  const minimum = c.wecom.minimum + c.dingtalk.minimum;
  return {
    bench: name,
    value,
    unit: 'vendor calls (punches streams)',
    baseline: minimum,
    ratio: round(value / minimum, 3),
    fault_rate: faultRate,
    wecom_getcheckindata: { calls: c.wecom.received, reported: c.wecom.reported, minimum: c.wecom.minimum },
    dingtalk_listRecord: { calls: c.dingtalk.received, reported: c.dingtalk.reported, minimum: c.dingtalk.minimum },
    // The calls only count if the month arrived whole.
    complete: c.wecom.complete && c.dingtalk.complete,
    target_ratio: limit,
  };
}

/**
 * A full month (31 days) of 1,000 employees on each sandbox: punch calls against the minimum the
 * chunk limits allow (WeCom ⌈1000/100⌉·⌈31/30⌉ = 20, DingTalk ⌈1000/50⌉·⌈31/7⌉ = 100), counted by
 * the sandboxes themselves. Then the month is pulled again from sandboxes (same company) where
 * 20 % of calls fail transiently; only the punches streams run there, the users are known already.
 */
export const vendorCallsBench: Bench = {
  name: 'vendor-calls',
  async run(ctx) {
    ctx.log(`vendor-calls: ${EMPLOYEES} employees × ${DAYS} days on both sandboxes, no faults, then 20 % faults`);
    const ledger = join(mkdtempSync(join(tmpdir(), 'ab-vc-')), 'ledger.sqlite');
    const clean = await pass(0, ledger, ['departments', 'users', 'punches'], ctx.log);
    const faulty = await pass(0.2, ledger, ['punches'], ctx.log);
    return [line('vendor-calls', 0, clean, 1), line('vendor-calls-faults', 0.2, faulty, 1.3)];
  },
};
