import type { ImportReport, Problem } from './types.js';

/** `row 7, column time: "2026-02-30 09:00" is not a date` (docs/import.md). */
export function formatProblem(p: Problem): string {
  return p.column === null ? `row ${p.row}: ${p.message}` : `row ${p.row}, column ${p.column}: ${p.message}`;
}

/** The human summary the CLI prints (the JSON report carries the same). */
export function formatSummary(r: ImportReport): string {
  const lines: string[] = [];
  const verb = r.dryRun ? 'would write' : 'wrote';
  if (r.ok) {
    const layout = r.kind === 'roster' ? ` (${r.layout} layout)` : '';
    lines.push(`${r.kind}${layout}: ${r.rows} row(s) read; ${verb} ${r.written}: ${r.created} created, ${r.updated} updated; ${r.unchanged} unchanged; ${r.skipped} skipped`);
    for (const a of r.adjustments) lines.push(`${a.month} is locked: its changes ${r.dryRun ? 'would be' : 'are'} recorded as adjustments in ${a.into}`);
    if (r.recompute) lines.push(`recomputed ${r.recompute.computed} day(s): ${r.recompute.written} new result(s), ${r.recompute.adjusted} adjustment(s)`);
    if (r.dryRun) lines.push('dry run: nothing was stored');
  } else {
    lines.push(`${r.kind}: ${r.rows} row(s) read; ${r.problems.length} problem(s); nothing was stored`);
  }
  return `${lines.join('\n')}\n`;
}

/** Problems and warnings, one a line, for stderr. */
export function formatProblems(r: ImportReport): string {
  const lines = [...r.problems.map(formatProblem), ...r.warnings.map((w) => `warning: ${formatProblem(w)}`)];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
