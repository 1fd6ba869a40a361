export * from './isoDate.js';
export * from './types.js';
export * from './calendar.js';
export * from './registry.js';
export { builtinYearData } from './data/index.js';
