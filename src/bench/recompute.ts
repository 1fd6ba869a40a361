import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../clock.js';
import { recomputeDirty } from '../compute/recompute.js';
import { applyChanges } from '../ledger/apply.js';
import { employeeIdFor } from '../ledger/ids.js';
import { benchOrg, benchPunches } from './fixtures.js';
import { freshDb } from './db.js';
import { round, timed, type Bench } from './harness.js';

const TENANT = { id: 'bench', timezone: 'Asia/Shanghai' };

function recomputeBench(kind: 'sqlite' | 'mysql'): Bench {
  return {
    name: `recompute-${kind}`,
    async run(ctx) {
      const employees = ctx.quick ? 1000 : 10_000;
      const { db, drop } = await freshDb(kind, ctx.mysqlUrl, 'recompute');
      const clock = new ManualClock(Date.parse('2026-04-01T00:00:00Z'));
      try {
        ctx.log(`recompute-${kind}: seeding ${employees} employees × 31 days`);
        await applyChanges(db, TENANT, benchOrg(employees), clock);
        const punches = benchPunches(employees, '2026-03-01', 31);
        for (let i = 0; i < punches.length; i += 10_000) await applyChanges(db, TENANT, punches.slice(i, i + 10_000), clock);
        // Every employee-day of the month, not only those punches touched (rest days too).
        await db('dirty_days').delete();
        const rows = [];
        for (let e = 0; e < employees; e++) {
          const id = employeeIdFor('bench', `u${e}`);
          for (let d = 1; d <= 31; d++) rows.push({ employee_id: id, work_date: `2026-03-${String(d).padStart(2, '0')}`, marked_at: 1 });
        }
        for (let i = 0; i < rows.length; i += 400) await db('dirty_days').insert(rows.slice(i, i + 400));
        const opts = { clock, policy: loadConfig({}).policy, defaultTimezone: 'Asia/Shanghai' };
        const { seconds, value } = await timed(() => recomputeDirty(db, opts));
        return [{ bench: `recompute-${kind}`, value: round(seconds, 2), unit: 's', baseline: null, ratio: null, employee_days: value.computed, employee_days_per_s: Math.round(value.computed / seconds), written: value.written }];
      } finally {
        await drop();
      }
    },
  };
}

export const recomputeSqlite = recomputeBench('sqlite');
export const recomputeMysql = recomputeBench('mysql');
