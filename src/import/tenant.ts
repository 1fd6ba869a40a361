/**
 * The tenant id imported rows are written under. Imports have no vendor user ids: each employee
 * gets an identity (`import`, its employee id) → itself, so applyChanges resolves them as usual.
 */
export const IMPORT_TENANT = 'import';
