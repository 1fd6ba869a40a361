import type { LedgerChangeInput } from '../../ledger/model.js';
import { localDateOf, localToInstant } from '../../rules/time.js';
import { cellText, formatLocal, parseDateTime, type LocalDateTime } from '../cells.js';
import { problem, type Draft, type Problem } from '../types.js';
import { checkLocked, Duplicates, emptyPlan, employeeOf, field, required, type KindHandler } from './common.js';

interface PunchDraft extends Draft {
  time: LocalDateTime | null;
  note: string | null;
}

const NOTE_MAX = 500;

/** Historical punches: natural key (employee, minute), so a file imported twice stores each punch once. */
export const punches: KindHandler<PunchDraft> = {
  parse(header, { row, cells }) {
    const problems: Problem[] = [];
    const employeeRef = required(header, cells, 'employee', row, problems);
    let time: LocalDateTime | null = null;
    if (required(header, cells, 'time', row, problems) !== '') {
      const r = parseDateTime(field(header, cells, 'time'), 'YYYY-MM-DD HH:MM', true);
      if (!r.ok) problems.push(problem(row, 'time', r.code, r.message));
      else if (!r.value.hasTime) problems.push(problem(row, 'time', 'bad_date', `"${formatLocal(r.value)}": expected YYYY-MM-DD HH:MM (a punch has a time)`));
      else time = r.value;
    }
    const note = cellText(field(header, cells, 'note'));
    if (note.length > NOTE_MAX) problems.push(problem(row, 'note', 'bad_value', `note is longer than ${NOTE_MAX} characters`));
    return [{ row, employeeRef, problems, time, note: note === '' ? null : note }];
  },

  async plan(drafts, ctx) {
    const plan = emptyPlan();
    const zone = ctx.options.timezone;
    const dups = new Duplicates();
    for (const d of drafts) {
      const employee = employeeOf(d, ctx);
      if (employee === null || d.time === null) continue;
      const at = localToInstant(d.time.date, d.time.minutes, zone) + d.time.seconds * 1000;
      const minute = Math.floor(at / 60_000);
      if (dups.check(`${employee}|${minute}`, d.row, 'time', `${d.employeeRef} at ${formatLocal(d.time)}`, ctx)) continue;
      if (!checkLocked([localDateOf(at, zone).slice(0, 7)], d.row, 'time', ctx, plan)) continue;
      plan.employeeIds.add(employee);
      const change: LedgerChangeInput = { kind: 'punch', externalUserId: employee, sourceRecordKey: `${employee}:${minute}`, at, source: 'import', method: 'import' };
      plan.ledger.push(d.note === null ? change : { ...change, raw: { note: d.note } });
    }
    plan.records = plan.ledger.length;
    return plan;
  },
};
