/** Import of rosters, punches and requests from XLSX / CSV files (docs/import.md). */
export { importFile } from './importFile.js';
export { writeTemplate } from './template.js';
export { formatProblem, formatProblems, formatSummary } from './format.js';
export { shiftNames } from './lookup/shifts.js';
export { COLUMNS, mapHeader } from './columns.js';
export { IMPORT_TENANT } from './tenant.js';
export { importKinds, type ImportKind, type ImportOptions, type ImportReport, type Problem, type ProblemCode } from './types.js';
