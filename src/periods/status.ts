import type { Knex } from 'knex';
import { z } from 'zod';
import type { Principal } from '../api/auth/roles.js';
import { departmentTree, scopeOf } from '../api/auth/scope.js';
import type { Db } from '../ledger/db.js';
import { formatInstant } from '../rules/time.js';
import { confirmBlock, lockBlock, signOffBlock, unlockBlock, type MonthContext } from './rules.js';
import { PERIOD_STATES, DECISIONS } from './state.js';
import { coveredDepartments, loadDecisions, loadPeriod, loadSignOffs, monthPeople } from './store.js';

type Conn = Db | Knex.Transaction;

export async function loadContext(db: Conn, month: string): Promise<MonthContext> {
  const signOffs = await loadSignOffs(db, month);
  return { period: await loadPeriod(db, month), people: await monthPeople(db, month), decisions: await loadDecisions(db, month), signOffs, covered: await coveredDepartments(db, signOffs) };
}

/** The department a manager signs for: the token's own, else the manager employee's department. */
export async function managerRoot(db: Conn, p: Principal): Promise<string | null> {
  if (p.departmentId !== null) return p.departmentId;
  if (p.employeeId === null) return null;
  const me = (await db('employees').select('department_id').where('id', p.employeeId).first()) as { department_id: string | null } | undefined;
  return me?.department_id ?? null;
}

export const periodView = z
  .object({
    month: z.string(),
    state: z.enum(PERIOD_STATES),
    lockedBy: z.string().nullable(),
    lockedAt: z.string().nullable().describe('ISO 8601 in the organisation timezone'),
    counts: z.object({ people: z.number(), confirmed: z.number(), disputed: z.number(), pending: z.number() }).describe('employees in the caller’s scope with day results in the month'),
    disputes: z.array(z.object({ employeeId: z.string(), name: z.string(), comment: z.string().nullable() })),
    signOffs: z.array(z.object({ departmentId: z.string(), departmentName: z.string().nullable(), signedBy: z.string(), signedAt: z.string(), comment: z.string().nullable() })),
    awaitingSignOff: z.array(z.object({ departmentId: z.string().nullable(), departmentName: z.string().nullable(), people: z.number() })),
    mine: z.object({ decision: z.enum(DECISIONS), comment: z.string().nullable(), at: z.string() }).nullable().describe('the caller’s own decision, when the token speaks for an employee'),
    actions: z
      .object({ confirm: z.boolean(), signOff: z.boolean(), lock: z.boolean(), lockNeedsForce: z.boolean(), unlock: z.boolean() })
      .describe('what this caller may do now (role and state)'),
  })
  .meta({ id: 'Period' });
export type PeriodView = z.infer<typeof periodView>;

/** The month as the caller sees it: counts over their scope, and what they may do next. */
export async function periodStatus(db: Db, principal: Principal, month: string, zone: string): Promise<PeriodView> {
  const c = await loadContext(db, month);
  const scope = await scopeOf(db, principal);
  const mine = new Set((await monthPeople(db, month, scope)).map((p) => p.id));
  const people = c.people.filter((p) => mine.has(p.id));
  const decided = (d: 'confirm' | 'dispute') => people.filter((p) => c.decisions.get(p.id)?.state === d);
  const names = new Map(((await db('departments').select('id', 'name')) as { id: string; name: string }[]).map((d) => [d.id, d.name]));
  const awaiting = new Map<string | null, number>();
  for (const p of people) if (p.department_id === null || !c.covered.has(p.department_id)) awaiting.set(p.department_id, (awaiting.get(p.department_id) ?? 0) + 1);
  const own = principal.employeeId === null ? undefined : c.decisions.get(principal.employeeId);
  const root = principal.role === 'manager' ? await managerRoot(db, principal) : null;
  const at = (ms: number) => formatInstant(ms, zone);
  return {
    month,
    state: c.period.state,
    lockedBy: c.period.locked_by,
    lockedAt: c.period.locked_at === null ? null : at(c.period.locked_at),
    counts: { people: people.length, confirmed: decided('confirm').length, disputed: decided('dispute').length, pending: people.filter((p) => !c.decisions.has(p.id)).length },
    disputes: decided('dispute').map((p) => ({ employeeId: p.id, name: p.name, comment: c.decisions.get(p.id)?.comment ?? null })),
    signOffs: c.signOffs.map((s) => ({ departmentId: s.department_id, departmentName: names.get(s.department_id) ?? null, signedBy: s.signed_by, signedAt: at(s.signed_at), comment: s.comment })),
    awaitingSignOff: [...awaiting].map(([id, n]) => ({ departmentId: id, departmentName: id === null ? null : (names.get(id) ?? null), people: n })),
    mine: own === undefined ? null : { decision: own.state, comment: own.comment, at: at(own.updated_at) },
    actions: {
      confirm: principal.role !== 'system' && principal.employeeId !== null && confirmBlock(c, principal.employeeId) === null,
      signOff: root !== null && signOffBlock(c, root, new Set(await departmentTree(db, [root]))) === null,
      lock: principal.role === 'hr' && lockBlock(c, true) === null,
      lockNeedsForce: principal.role === 'hr' && lockBlock(c, true) === null && lockBlock(c, false) !== null,
      unlock: principal.role === 'admin' && unlockBlock(c) === null,
    },
  };
}
