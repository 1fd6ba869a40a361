export * from './entry.js';
export * from './ledger.js';
export * from './policy.js';
export * from './spend.js';
export * from './expire.js';
export * from './balance.js';
