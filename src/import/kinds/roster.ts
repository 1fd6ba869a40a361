import { cellText, parseDate } from '../cells.js';
import { identityTenants } from '../lookup/employees.js';
import { isRest, pickShift, shiftsByName } from '../lookup/shifts.js';
import { problem, type Draft, type Problem } from '../types.js';
import { checkLocked, Duplicates, emptyPlan, employeeOf, field, required, type KindHandler } from './common.js';

interface RosterDraft extends Draft {
  /** The column problems about this day name: `date`/`shift`, or the date heading in the wide layout. */
  column: string;
  date: string | null;
  shift: string;
}

/** Who works which shift on which day, in the narrow (employee, date, shift) or the wide layout. */
export const roster: KindHandler<RosterDraft> = {
  parse(header, { row, cells }) {
    if (header.layout === 'wide') {
      const problems: Problem[] = [];
      const employeeRef = cellText(cells[header.employee]);
      if (employeeRef === '') problems.push(problem(row, 'employee', 'required', 'employee is empty'));
      // An empty cell leaves the day as it is; `rest` (休息) makes it a rest day.
      const days = header.dates.filter((d) => cellText(cells[d.index]) !== '');
      return days.map((d, i) => ({ row, employeeRef, problems: i === 0 ? problems : [], column: d.date, date: d.date, shift: cellText(cells[d.index]) }));
    }
    const problems: Problem[] = [];
    const employeeRef = required(header, cells, 'employee', row, problems);
    let date: string | null = null;
    if (required(header, cells, 'date', row, problems) !== '') {
      const r = parseDate(field(header, cells, 'date'));
      if (r.ok) date = r.value;
      else problems.push(problem(row, 'date', r.code, r.message));
    }
    const shift = required(header, cells, 'shift', row, problems);
    return [{ row, employeeRef, problems, column: 'shift', date, shift }];
  },

  async plan(drafts, ctx) {
    const plan = emptyPlan();
    const candidates = await shiftsByName(ctx.db, drafts.map((d) => d.shift));
    const people = drafts.map((d) => ({ d, employee: employeeOf(d, ctx) }));
    const ambiguous = people.filter(({ d }) => (candidates.get(d.shift)?.length ?? 0) > 1).map((p) => p.employee);
    const tenants = await identityTenants(ctx.db, ambiguous.filter((e): e is string => e !== null));
    const dups = new Duplicates();
    for (const { d, employee } of people) {
      if (employee === null || d.date === null || d.shift === '') continue;
      let shiftId: string | null = null;
      if (!isRest(d.shift)) {
        const pick = pickShift(candidates.get(d.shift), tenants.get(employee));
        if (pick === undefined) {
          ctx.problems.push(problem(d.row, d.column, 'unknown_shift', `unknown shift "${d.shift}" (not a shift name in the ledger, nor rest/休息)`));
          continue;
        }
        if (Array.isArray(pick)) {
          ctx.problems.push(problem(d.row, d.column, 'ambiguous_shift', `shift "${d.shift}" exists in several tenants (${pick.join(', ')}) and ${d.employeeRef} belongs to none or several of them`));
          continue;
        }
        shiftId = pick;
      }
      if (dups.check(`${employee}|${d.date}`, d.row, d.column, `${d.employeeRef} on ${d.date}`, ctx)) continue;
      if (!checkLocked([d.date.slice(0, 7)], d.row, d.column, ctx, plan)) continue;
      plan.employeeIds.add(employee);
      plan.rosters.push({ employee_id: employee, work_date: d.date, shift_id: shiftId });
    }
    plan.records = plan.rosters.length;
    return plan;
  },
};
