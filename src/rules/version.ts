/**
 * Version of the rule semantics. Bump it whenever any day result could change for the same input
 * (the ledger stores it with computed days to know which need recomputing).
 */
export const RULES_VERSION = '1.0.0';
