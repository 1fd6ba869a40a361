import type { Knex } from 'knex';
import type { Policy } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Db } from '../ledger/db.js';
import type { Logger } from '../log.js';
import type { Principal } from '../api/auth/roles.js';
import { OUT_OF_RANGE, type OutOfRange, type Site } from './sites.js';

/** What the check-in routes need from the runtime (a subset of the API's deps plus the policy). */
export interface CheckinDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: { policy: Policy; timezone: string; bodyLimit: string };
}

/** The employee a check-in is for, with what judging needs. */
export interface CheckinEmployee {
  id: string;
  zone: string;
  ruleGroupId: string | null;
  /** The rule group's out-of-range policy, when it sets one. */
  groupOutOfRange: OutOfRange | null;
}

interface Row {
  id: string;
  timezone: string | null;
  rule_group_id: string | null;
  group_timezone: string | null;
  policy: string | null;
}

function outOfRangeOf(policy: string | null): OutOfRange | null {
  if (policy === null) return null;
  try {
    const v = (JSON.parse(policy) as { outOfRange?: unknown }).outOfRange;
    return (OUT_OF_RANGE as readonly unknown[]).includes(v) ? (v as OutOfRange) : null;
  } catch {
    return null;
  }
}

export async function loadEmployee(db: Db | Knex.Transaction, id: string, defaultZone: string): Promise<CheckinEmployee | null> {
  const row = (await db('employees as e')
    .leftJoin('rule_groups as g', 'g.id', 'e.rule_group_id')
    .select('e.id', 'e.timezone', 'e.rule_group_id', 'g.timezone as group_timezone', 'g.policy')
    .where('e.id', id)
    .first()) as Row | undefined;
  if (row === undefined) return null;
  return { id: row.id, zone: row.timezone ?? row.group_timezone ?? defaultZone, ruleGroupId: row.rule_group_id, groupOutOfRange: outOfRangeOf(row.policy) };
}

/** The employee of an employee token; 403 for tokens that speak for nobody. */
export async function callerEmployee(deps: CheckinDeps, p: Principal): Promise<CheckinEmployee> {
  const e = p.employeeId === null ? null : await loadEmployee(deps.db, p.employeeId, deps.config.timezone);
  if (e === null) throw new AppError('forbidden', 'Check-in needs a token that speaks for an employee.');
  return e;
}

/** The site's own policy, else the rule group's, else the configured default (rules.md "Location verdicts"). */
export function outOfRangePolicy(site: Site | null, e: CheckinEmployee, policy: Policy): OutOfRange {
  return site?.outOfRange ?? e.groupOutOfRange ?? policy.outOfRange;
}
