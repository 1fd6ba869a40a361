import type { Knex } from 'knex';
import { departmentTree, whereInScope, type Scope } from '../api/auth/scope.js';
import { dialectOf, type Db } from '../ledger/db.js';
import { ORG_ID, monthRange } from './month.js';
import { derivedState, type Decision, type PeriodState, type Progress } from './state.js';

type Conn = Db | Knex.Transaction;

export interface PeriodRow {
  month: string;
  state: PeriodState;
  locked_by: string | null;
  locked_at: number | null;
  updated_at: number | null;
}

export interface Person {
  id: string;
  name: string;
  department_id: string | null;
}

export interface DecisionRow {
  employee_id: string;
  state: Decision;
  comment: string | null;
  updated_at: number;
}

export interface SignOffRow {
  department_id: string;
  signed_by: string;
  comment: string | null;
  signed_at: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toPeriod(month: string, r: Record<string, unknown> | undefined): PeriodRow {
  if (r === undefined) return { month, state: 'open', locked_by: null, locked_at: null, updated_at: null };
  return { month, state: r.state as PeriodState, locked_by: (r.locked_by as string | null) ?? null, locked_at: num(r.locked_at), updated_at: num(r.updated_at) };
}

/** The period row; a month nobody acted on yet reads as open. */
export async function loadPeriod(db: Conn, month: string): Promise<PeriodRow> {
  return toPeriod(month, (await db('periods').where({ org_id: ORG_ID, month }).first()) as Record<string, unknown> | undefined);
}

/** Creates the row if missing and reads it locked for update (MySQL), so two transitions serialise. */
export async function lockPeriodRow(trx: Knex.Transaction, month: string, now: number): Promise<PeriodRow> {
  await trx('periods').insert({ org_id: ORG_ID, month, state: 'open', updated_at: now }).onConflict(['org_id', 'month']).ignore();
  const q = trx('periods').where({ org_id: ORG_ID, month });
  return toPeriod(month, (await (dialectOf(trx) === 'mysql' ? q.forUpdate() : q).first()) as Record<string, unknown>);
}

export async function writePeriod(trx: Knex.Transaction, p: PeriodRow, now: number): Promise<PeriodRow> {
  const row = { state: p.state, locked_by: p.locked_by, locked_at: p.locked_at, updated_at: now };
  await trx('periods').where({ org_id: ORG_ID, month: p.month }).update(row);
  return { ...p, updated_at: now };
}

/** Employees with day results in the month, limited to a scope when given. */
export async function monthPeople(db: Conn, month: string, scope?: Scope): Promise<Person[]> {
  const { from, to } = monthRange(month);
  const q = db('employees as e')
    .select('e.id', 'e.name', 'e.department_id')
    .whereIn('e.id', db('day_results').distinct('employee_id').whereBetween('work_date', [from, to]));
  if (scope !== undefined) whereInScope(db, q, scope, 'e.id');
  return (await q.orderBy('e.id')) as Person[];
}

export async function loadDecisions(db: Conn, month: string): Promise<Map<string, DecisionRow>> {
  const rows = (await db('period_confirmations').select('employee_id', 'state', 'comment', 'updated_at').where({ org_id: ORG_ID, month })) as DecisionRow[];
  return new Map(rows.map((r) => [r.employee_id, { ...r, updated_at: Number(r.updated_at) }]));
}

export async function loadSignOffs(db: Conn, month: string): Promise<SignOffRow[]> {
  const rows = (await db('period_signoffs').select('department_id', 'signed_by', 'comment', 'signed_at').where({ org_id: ORG_ID, month }).orderBy('signed_at')) as SignOffRow[];
  return rows.map((r) => ({ ...r, signed_at: Number(r.signed_at) }));
}

/** Every department under a signed tree. */
export async function coveredDepartments(db: Conn, signOffs: readonly SignOffRow[]): Promise<Set<string>> {
  return new Set(await departmentTree(db, signOffs.map((s) => s.department_id)));
}

export async function progressOf(db: Conn, month: string): Promise<Progress> {
  const people = await monthPeople(db, month);
  const decisions = await loadDecisions(db, month);
  const signOffs = await loadSignOffs(db, month);
  const covered = await coveredDepartments(db, signOffs);
  return {
    people: people.length,
    decided: people.filter((p) => decisions.has(p.id)).length,
    signOffs: signOffs.length,
    uncovered: people.filter((p) => p.department_id === null || !covered.has(p.department_id)).length,
  };
}

/** Re-derives the state of an unlocked period after a confirmation or sign-off. */
export async function refreshState(trx: Knex.Transaction, p: PeriodRow, now: number): Promise<PeriodRow> {
  if (p.state === 'locked') return p;
  return writePeriod(trx, { ...p, state: derivedState(await progressOf(trx, p.month)) }, now);
}
