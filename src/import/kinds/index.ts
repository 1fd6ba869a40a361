import type { Draft, ImportKind } from '../types.js';
import type { KindHandler } from './common.js';
import { punches } from './punches.js';
import { requests } from './requests.js';
import { roster } from './roster.js';

/** The handler of each import kind: row parsing and planning against the ledger. */
export const handlers: Record<ImportKind, KindHandler<Draft>> = { roster, punches, requests };
