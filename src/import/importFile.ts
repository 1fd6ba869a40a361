import { basename } from 'node:path';
import { lockedMonths, nextOpenMonth } from '../compute/periods.js';
import { recomputeDirty } from '../compute/recompute.js';
import type { Db } from '../ledger/db.js';
import { AppError } from '../errors.js';
import { isValidTimezone } from '../rules/time.js';
import { handlers } from './kinds/index.js';
import type { PlanContext } from './kinds/common.js';
import { resolveEmployeeRefs } from './lookup/employees.js';
import { parseFile } from './parseFile.js';
import { writePlan } from './write.js';
import type { ImportKind, ImportOptions, ImportReport, Problem } from './types.js';

const byPosition = (a: Problem, b: Problem) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? '');

/**
 * Imports one file (docs/import.md): reads and validates all of it, reports every problem at
 * once, and only when there is none writes it in one transaction and recomputes the dirty days.
 * The CLI and the HR API (with an uploaded file) both call this.
 */
export async function importFile(db: Db, kind: ImportKind, filePath: string, options: ImportOptions): Promise<ImportReport> {
  if (!isValidTimezone(options.timezone)) throw new AppError('validation_failed', `unknown timezone "${options.timezone}"`);
  const dryRun = options.dryRun === true;
  const parsed = await parseFile(kind, filePath, { ...(options.format ? { format: options.format } : {}), ...(options.encoding ? { encoding: options.encoding } : {}) });
  const report: ImportReport = {
    ok: false,
    kind,
    dryRun,
    layout: parsed.layout,
    rows: parsed.rows,
    records: 0,
    written: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    problems: parsed.problems,
    warnings: [],
    adjustments: [],
    recompute: null,
  };
  const locked = await lockedMonths(db);
  const ctx: PlanContext = {
    db,
    options,
    employees: await resolveEmployeeRefs(db, parsed.drafts.map((d) => d.employeeRef)),
    locked,
    problems: report.problems,
    warnings: report.warnings,
    skipped: 0,
    employeeReported: new Set(),
  };
  const plan = await handlers[kind].plan(parsed.drafts, ctx);
  report.skipped = ctx.skipped;
  report.problems.sort(byPosition);
  report.warnings.sort(byPosition);
  if (report.problems.length > 0) return report;

  const counts = await writePlan(db, plan, { kind, timezone: options.timezone, clock: options.clock, dryRun, actor: options.actor ?? 'import', locked, source: basename(filePath) });
  Object.assign(report, counts, { ok: true, records: plan.records, written: counts.created + counts.updated });
  report.adjustments = [...plan.lockedMonths].sort().map((month) => ({ month, into: nextOpenMonth(month, locked) }));
  if (!dryRun && options.recompute !== false) {
    report.recompute = await recomputeDirty(db, { clock: options.clock, policy: options.policy, defaultTimezone: options.timezone });
  }
  return report;
}
