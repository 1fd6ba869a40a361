import type { Policy } from '../../config/schema.js';
import type { GroupRow, RecomputeInputs } from '../compute/inputs.js';
import { patternShiftIds } from '../compute/inputs.js';
import { ValidationError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import { shiftSchema } from '../rules/index.js';
import type { BacktestPolicy, GroupOverride, ShiftOverride } from './policy.js';

/**
 * The candidate rule set applied to loaded recompute inputs. Overrides rewrite the stored JSON
 * (shift definitions, group patterns and policies) that `buildDays` reads, so the backtest runs
 * the very same resolution as recompute, on different settings.
 */

export interface Catalog {
  /** Shift id → name, and name → ids (names are not unique across tenants). */
  shiftNames: Map<string, string>;
  groupNames: Map<string, string>;
}

export async function loadCatalog(db: Db): Promise<Catalog> {
  const shifts = (await db('shifts').select('id', 'name')) as { id: string; name: string }[];
  const groups = (await db('rule_groups').select('id', 'name')) as { id: string; name: string }[];
  return { shiftNames: new Map(shifts.map((s) => [s.id, s.name])), groupNames: new Map(groups.map((g) => [g.id, g.name])) };
}

/** Every key of the policy must name something that exists, and every merged shift must be valid: all problems at once. */
export function checkAgainstCatalog(policy: BacktestPolicy, catalog: Catalog): void {
  const issues: { path: string; message: string }[] = [];
  const named = (names: Map<string, string>, key: string) => names.has(key) || [...names.values()].includes(key);
  for (const key of Object.keys(policy.shifts)) {
    if (key !== '*' && !named(catalog.shiftNames, key)) issues.push({ path: `shifts.${key}`, message: 'no shift has this id or name' });
  }
  for (const [key, o] of Object.entries(policy.ruleGroups)) {
    if (!named(catalog.groupNames, key)) issues.push({ path: `ruleGroups.${key}`, message: 'no rule group has this id or name' });
    if (o.pattern) {
      for (const id of patternShiftIds(o.pattern)) if (!catalog.shiftNames.has(id)) issues.push({ path: `ruleGroups.${key}.pattern`, message: `unknown shift id "${id}"` });
    }
  }
  if (issues.length > 0) throw new ValidationError('The policy file names things the ledger does not have.', issues);
}

function overridesFor<T>(table: Record<string, T>, id: string, name: string | undefined): T[] {
  const out: T[] = [];
  const all = table['*'];
  if (all !== undefined) out.push(all);
  if (name !== undefined && name !== id && table[name] !== undefined) out.push(table[name]);
  if (table[id] !== undefined) out.push(table[id]);
  return out;
}

function mergeShift(stored: Record<string, unknown>, overrides: readonly ShiftOverride[]): Record<string, unknown> {
  let out = { ...stored };
  for (const o of overrides) {
    const { overtime, ...rest } = o;
    out = { ...out, ...rest };
    if (overtime !== undefined) out.overtime = { ...((out.overtime as Record<string, unknown> | undefined) ?? {}), ...overtime };
  }
  return out;
}

function mergeGroup(row: GroupRow, o: GroupOverride): GroupRow {
  const policy = row.policy ? (JSON.parse(row.policy) as Record<string, unknown>) : {};
  if (o.outOfRange !== undefined) policy.outOfRange = o.outOfRange;
  if (o.overtime !== undefined) policy.overtime = { ...((policy.overtime as Record<string, unknown> | undefined) ?? {}), ...o.overtime };
  return { ...row, pattern: o.pattern ? JSON.stringify(o.pattern) : row.pattern, policy: JSON.stringify(policy) };
}

/**
 * Returns inputs with the candidate applied (the given inputs are not changed) and the policy
 * to build days with. Shifts a new pattern needs that the batch did not load are loaded here.
 */
export async function applyCandidate(db: Db, inputs: RecomputeInputs, candidate: BacktestPolicy, catalog: Catalog, policy: Policy): Promise<{ inputs: RecomputeInputs; policy: Policy }> {
  const groups = new Map(inputs.groups);
  for (const [id, row] of groups) {
    for (const o of overridesFor(candidate.ruleGroups, id, catalog.groupNames.get(id))) groups.set(id, mergeGroup(groups.get(id) ?? row, o));
  }
  const wanted = new Set(inputs.shifts.keys());
  for (const g of groups.values()) for (const id of patternShiftIds(JSON.parse(g.pattern) as unknown)) wanted.add(id);
  const missing = [...wanted].filter((id) => !inputs.shifts.has(id));
  const shifts = new Map(inputs.shifts);
  for (let i = 0; i < missing.length; i += 400) {
    const rows = (await db('shifts').select('id', 'definition').whereIn('id', missing.slice(i, i + 400))) as { id: string; definition: string }[];
    for (const r of rows) shifts.set(r.id, r.definition);
  }
  const issues: { path: string; message: string }[] = [];
  for (const [id, definition] of shifts) {
    const overrides = overridesFor(candidate.shifts, id, catalog.shiftNames.get(id));
    if (overrides.length === 0) continue;
    const merged = mergeShift(JSON.parse(definition) as Record<string, unknown>, overrides);
    const check = shiftSchema.safeParse(merged);
    if (!check.success) issues.push(...check.error.issues.map((i) => ({ path: `shifts.${id}.${i.path.map(String).join('.')}`, message: i.message })));
    else shifts.set(id, JSON.stringify(merged));
  }
  if (issues.length > 0) throw new ValidationError('The candidate makes a shift invalid.', issues);
  return {
    inputs: { ...inputs, groups, shifts },
    policy: candidate.outOfRange === undefined ? policy : { ...policy, outOfRange: candidate.outOfRange },
  };
}
