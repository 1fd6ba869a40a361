import { AppError } from '../errors.js';
import type { DecisionRow, Person, PeriodRow, SignOffRow } from './store.js';

/** Everything the transition rules look at, loaded once per request. */
export interface MonthContext {
  period: PeriodRow;
  people: Person[];
  decisions: Map<string, DecisionRow>;
  signOffs: SignOffRow[];
  covered: Set<string>;
}

/*
 * Each rule answers the error a transition would fail with, or null when it is allowed. The
 * actions throw it; the status view reports `=== null`, so the buttons the workbench shows and
 * what the API accepts cannot disagree.
 */

export function confirmBlock(c: MonthContext, employeeId: string): AppError | null {
  if (c.period.state === 'locked') return new AppError('period_locked');
  const me = c.people.find((p) => p.id === employeeId);
  if (me === undefined) return new AppError('conflict', 'There are no day results for you in this month.');
  if (me.department_id !== null && c.covered.has(me.department_id)) {
    return new AppError('conflict', 'Your department has signed this month off; ask your manager or HR.');
  }
  return null;
}

/** Employees of a department tree whose latest word on the month is a dispute. */
export function disputedIn(c: MonthContext, tree: ReadonlySet<string>): string[] {
  return c.people.filter((p) => p.department_id !== null && tree.has(p.department_id) && c.decisions.get(p.id)?.state === 'dispute').map((p) => p.id);
}

export function signOffBlock(c: MonthContext, department: string, tree: ReadonlySet<string>): AppError | null {
  if (c.period.state === 'locked') return new AppError('period_locked');
  if (c.signOffs.some((s) => s.department_id === department)) return new AppError('conflict', 'This department has signed the month off already.');
  if (c.covered.has(department)) return new AppError('conflict', 'A parent department’s sign-off covers this department already.');
  const disputed = disputedIn(c, tree);
  if (disputed.length > 0) {
    return new AppError('conflict', `${disputed.length} employee(s) dispute the month; resolve the disputes (the employee confirms after the correction) first.`, { disputed });
  }
  return null;
}

export function lockBlock(c: MonthContext, force: boolean): AppError | null {
  if (c.period.state === 'locked') return new AppError('conflict', 'The month is locked already.');
  if (c.period.state !== 'signed_off' && !force) {
    return new AppError('conflict', `The month is ${c.period.state}, not signed off; lock it anyway with force and a reason.`, { state: c.period.state });
  }
  return null;
}

export function unlockBlock(c: MonthContext): AppError | null {
  return c.period.state === 'locked' ? null : new AppError('conflict', 'The month is not locked.');
}
