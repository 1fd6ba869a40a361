/** Backtest / what-if: recompute a period with a candidate rule set, write nothing, compare. */
export { parseBacktestPolicy, backtestPolicySchema, type BacktestPolicy } from './policy.js';
export { runBacktest, type BacktestOptions } from './run.js';
export type { BacktestReport, DayChange, EmployeeChange, Figures, DayFigures } from './report.js';
export { writeBacktestXlsx } from './xlsx.js';
export { formatBacktestSummary } from './text.js';
