import type { BacktestReport, Figures } from './report.js';

/** The figures a person reads first; the JSON and XLSX carry the rest. */
const SHOWN = [
  ['lateCount', 'late'],
  ['lateMinutes', 'late min'],
  ['earlyCount', 'early'],
  ['earlyMinutes', 'early min'],
  ['missingCount', 'missing'],
  ['absentDays', 'absent days'],
  ['absentMinutes', 'absent min'],
  ['overtimeMinutes', 'overtime min'],
  ['vendorAgree', 'agree w/ vendor'],
] as const satisfies readonly (readonly [keyof Figures, string])[];

function line(label: string, before: Figures, after: Figures): string {
  const cells = SHOWN.map(([k, name]) => {
    const d = after[k] - before[k];
    return `${name} ${before[k]}→${after[k]}${d === 0 ? '' : ` (${d > 0 ? '+' : ''}${d})`}`;
  });
  return `${label}: ${cells.join(', ')}`;
}

export function formatBacktestSummary(r: BacktestReport): string {
  const out = [
    `backtest ${r.from} … ${r.to}${r.department === null ? '' : ` (department ${r.department})`}: ${r.computed} days computed, nothing written`,
    line('total', r.totals.before, r.totals.after),
    ...r.departments.map((d) => line(`  ${d.department}`, d.before, d.after)),
    `${r.days.length} day(s) of ${r.employees.length} employee(s) change${r.withoutCurrentResult > 0 ? `; ${r.withoutCurrentResult} day(s) had no stored result yet` : ''}`,
  ];
  return out.join('\n');
}
