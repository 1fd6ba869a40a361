import { ManualClock } from '../clock.js';
import { applyChanges } from '../ledger/apply.js';
import type { Db } from '../ledger/db.js';
import { benchOrg, benchPunches } from './fixtures.js';
import { freshDb } from './db.js';
import { round, timed, type Bench, type BenchLine } from './harness.js';

const TENANT = { id: 'bench', timezone: 'Asia/Shanghai' };
const PAGE = 5000;

/** The naive way, for the baseline: one INSERT … ON DUPLICATE KEY UPDATE per punch, autocommit. */
async function oneRowPerStatement(db: Db, rows: number): Promise<number> {
  const employee = ((await db('employees').first('id')) as { id: string }).id;
  const { seconds } = await timed(async () => {
    for (let i = 0; i < rows; i++) {
      await db('punches')
        .insert({ tenant_id: 'baseline', source_record_key: `b${i}`, employee_id: employee, at: 1_770_000_000_000 + i * 60_000, source: 'vendor', method: 'gps', location_verdict: 'inside', received_at: 0 })
        .onConflict(['tenant_id', 'source_record_key'])
        .merge(['at']);
    }
  });
  return rows / seconds;
}

function ingestBench(kind: 'sqlite' | 'mysql'): Bench {
  return {
    name: `ingest-${kind}`,
    async run(ctx) {
      const employees = ctx.quick ? 500 : 2000;
      const punches = benchPunches(employees, '2026-02-01', 28);
      const { db, drop } = await freshDb(kind, ctx.mysqlUrl, 'ingest');
      const clock = new ManualClock(Date.parse('2026-03-02T00:00:00Z'));
      try {
        await applyChanges(db, TENANT, benchOrg(employees), clock);
        const pages = async () => {
          for (let i = 0; i < punches.length; i += PAGE) await applyChanges(db, TENANT, punches.slice(i, i + PAGE), clock);
        };
        ctx.log(`ingest-${kind}: ${punches.length} punches, ${employees} employees`);
        const fresh = await timed(pages);
        const replay = await timed(pages);
        const line: BenchLine = {
          bench: `ingest-${kind}`,
          value: Math.round(punches.length / fresh.seconds),
          unit: 'punches/s',
          baseline: null,
          ratio: null,
          punches: punches.length,
          replay_per_s: Math.round(punches.length / replay.seconds),
        };
        if (kind === 'mysql') {
          const base = await oneRowPerStatement(db, ctx.quick ? 1000 : 3000);
          line.baseline = Math.round(base);
          line.ratio = round(line.value / base);
        }
        return [line];
      } finally {
        await drop();
      }
    },
  };
}

export const ingestSqlite = ingestBench('sqlite');
export const ingestMysql = ingestBench('mysql');
