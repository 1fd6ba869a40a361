import type { Knex } from 'knex';
import type { Runtime } from '../main.js';
import type { RecomputeResult } from '../compute/recompute.js';
import type { FlushResult } from '../writeback/outbox.js';
import { reconcile, type ReconcileSummary } from '../reports/reconcile.js';
import type { DeviceRun } from './device.js';
import type { PullTotals } from './run.js';

export interface DemoSummary {
  month: string;
  employees: number;
  punches: Record<string, number>;
  requests: Record<string, number>;
  dayStatuses: Record<string, number>;
  exceptions: number;
  reconciliation: ReconcileSummary;
  vendorCalls: { used: number; minimum: number; byStream: Record<string, { used: number; minimum: number }> };
  device: DeviceRun;
  pulls: { written: number };
  callbacks: { delivered: number; applied: number };
  recompute: RecomputeResult;
  writeBacks: FlushResult;
  report: { xlsx: string; csv: string };
  elapsedSeconds: number;
  serving?: string;
}

async function countBy(rt: Runtime, table: string, column: string, where: (q: Knex.QueryBuilder) => void): Promise<Record<string, number>> {
  const q = rt.db(table).select(column).count({ n: '*' }).groupBy(column).orderBy(column);
  where(q);
  const rows = (await q) as Record<string, string | number>[];
  return Object.fromEntries(rows.map((r) => [String(r[column]), Number(r.n)]));
}

/** The numbers the demo ends with, read back from the ledger (not from what the run believed it did). */
export async function collectSummary(
  rt: Runtime,
  run: {
    month: string;
    range: { from: string; to: string };
    pulls: PullTotals;
    callbacks: { delivered: number; applied: number };
    device: DeviceRun;
    recompute: RecomputeResult;
    writeBacks: FlushResult;
    report: { xlsx: string; csv: string };
    elapsedSeconds: number;
  },
): Promise<DemoSummary> {
  const employees = Number((await rt.db('employees').count({ n: '*' }))[0]?.n ?? 0);
  const dayStatuses = await countBy(rt, 'day_results', 'status', (q) => q.whereBetween('work_date', [run.range.from, run.range.to]));
  return {
    month: run.month,
    employees,
    punches: await countBy(rt, 'punches', 'tenant_id', () => undefined),
    requests: await countBy(rt, 'requests', 'type', () => undefined),
    dayStatuses,
    exceptions: (dayStatuses.exception ?? 0) + (dayStatuses.absent ?? 0),
    reconciliation: await reconcile(rt.db, run.range),
    vendorCalls: {
      used: Object.values(run.pulls.calls).reduce((a, c) => a + c.used, 0),
      minimum: Object.values(run.pulls.calls).reduce((a, c) => a + c.minimum, 0),
      byStream: run.pulls.calls,
    },
    device: run.device,
    pulls: { written: run.pulls.written },
    callbacks: run.callbacks,
    recompute: run.recompute,
    writeBacks: run.writeBacks,
    report: run.report,
    elapsedSeconds: Math.round(run.elapsedSeconds * 10) / 10,
  };
}

const line = (label: string, value: string) => `  ${label.padEnd(26)}${value}\n`;
const pairs = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

export function formatSummary(s: DemoSummary): string {
  return [
    `Attendance Bridge demo — ${s.month}\n`,
    line('employees', String(s.employees)),
    line('punches by tenant', pairs(s.punches)),
    line('requests by type', pairs(s.requests)),
    line('day statuses', pairs(s.dayStatuses)),
    line('exception days', String(s.exceptions)),
    line('reconciliation', `${s.reconciliation.compared} days compared, ${s.reconciliation.agree} agree; differences by cause: ${pairs(s.reconciliation.byCause)}`),
    line('  by status (ours≠vendor)', pairs(s.reconciliation.differences)),
    line('vendor calls', `${s.vendorCalls.used} used, lower bound ${s.vendorCalls.minimum} (punches ${s.vendorCalls.byStream.punches?.used ?? 0} of minimum ${s.vendorCalls.byStream.punches?.minimum ?? 0})`),
    line('attendance device', `${s.device.serial}: ${s.device.generated} records, ${s.device.punches} punches in the ledger, unknown PINs ${s.device.unknownPins.join(', ') || 'none'}, ${s.device.writeBacksQueued} queued for WeCom`),
    line('ledger rows written', `${s.pulls.written} by pulls, ${s.callbacks.applied} callback event(s) applied of ${s.callbacks.delivered} delivered`),
    line('day results', `${s.recompute.computed} computed, ${s.recompute.written} new, ${s.recompute.unchanged} unchanged`),
    line('write-backs', `${s.writeBacks.done} done, ${s.writeBacks.retrying} retrying, ${s.writeBacks.parked} parked`),
    line('elapsed', `${s.elapsedSeconds} s`),
    line('report', `${s.report.xlsx}\n${' '.repeat(28)}${s.report.csv}`),
    s.serving ? line('serving', `${s.serving} (Ctrl-C to stop)`) : '',
  ].join('');
}
