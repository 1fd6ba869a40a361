import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { allocateSpend, balanceOf, type BalanceEntry } from '../../rules/balances/index.js';
import { localDateOf } from '../../rules/time.js';
import { EVERYONE } from '../auth/roles.js';
import { requireEmployeeInScope, scopeOf } from '../auth/scope.js';
import { loadBalanceEntries } from '../balances.js';
import { defineRoute } from '../registry.js';
import { employeeId, isoDate } from '../schemas.js';
import { employeeZone } from '../zones.js';

/**
 * What allocateSpend would let a new request take on `asOf`. Asked of the pure function itself
 * (with an amount nobody has) so that the API and the filing check cannot disagree.
 */
function spendable(entries: readonly BalanceEntry[], employeeId: string, kind: string, asOf: string): number {
  const probe = allocateSpend(entries, { employeeId, kind, sourceKey: '(probe)', minutes: Number.MAX_SAFE_INTEGER, effectiveOn: asOf });
  return probe.status === 'insufficient' ? probe.availableMinutes : Number.MAX_SAFE_INTEGER;
}

const balanceView = z
  .object({
    kind: z.string().describe('time_off (调休), annual, …'),
    availableMinutes: z.number().describe('as of asOf: entries dated later (e.g. a filed 调休 next week) are not counted'),
    spendableMinutes: z.number().describe('what a new request starting on asOf can still take: every recorded debit counts, whatever its date'),
    byExpiry: z.array(z.object({ expiresOn: z.string().nullable(), minutes: z.number() })),
    lapsedUnrecordedMinutes: z.number(),
    uncoveredMinutes: z.number(),
  })
  .meta({ id: 'Balance' });

export const getBalances = defineRoute({
  id: 'getBalances',
  method: 'get',
  path: '/balances',
  summary: 'An employee’s leave and 调休 balances as of a date (default: today in their timezone)',
  roles: EVERYONE,
  query: z.strictObject({ employee: employeeId.optional().describe('default: the caller’s own employee'), asOf: isoDate.optional() }),
  response: z.object({ employeeId: z.string(), asOf: z.string(), balances: z.array(balanceView) }),
  async handler({ principal, query, deps }) {
    const { db } = deps;
    const employee = query.employee ?? principal.employeeId;
    if (employee === null) throw new ValidationError('query.employee: required for a token without an employee', [{ path: 'query.employee', message: 'required for a token without an employee' }]);
    await requireEmployeeInScope(db, await scopeOf(db, principal), employee);
    const asOf = query.asOf ?? localDateOf(deps.clock.now(), await employeeZone(db, employee, deps.config.timezone));
    const entries = await loadBalanceEntries(db, employee);
    const kinds = [...new Set(entries.map((e) => e.kind))].sort();
    return {
      employeeId: employee,
      asOf,
      balances: kinds.map((kind) => {
        const b = balanceOf(entries, kind, asOf);
        return { kind, availableMinutes: b.availableMinutes, spendableMinutes: spendable(entries, employee, kind, asOf), byExpiry: b.byExpiry, lapsedUnrecordedMinutes: b.lapsedUnrecordedMinutes, uncoveredMinutes: b.uncoveredMinutes };
      }),
    };
  },
});
