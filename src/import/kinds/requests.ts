import { createHash } from 'node:crypto';
import type { LedgerChangeInput } from '../../ledger/model.js';
import { localDateOf, localToInstant } from '../../rules/time.js';
import { cellText, formatLocal, parseDateTime, type LocalDateTime } from '../cells.js';
import { problem, type Draft, type Problem } from '../types.js';
import { dayKey, workingDays, type DaySpan } from '../workday.js';
import { checkLocked, Duplicates, emptyPlan, employeeOf, field, required, monthsBetween, type KindHandler, type PlanContext } from './common.js';
import { REQUEST_STATUSES, REQUEST_TYPES, leaveSubtype } from './requestWords.js';

type RequestType = (typeof REQUEST_TYPES)[keyof typeof REQUEST_TYPES];
type RequestStatus = (typeof REQUEST_STATUSES)[keyof typeof REQUEST_STATUSES];

interface RequestDraft extends Draft {
  type: RequestType | null;
  subtype: string | null;
  start: LocalDateTime | null;
  end: LocalDateTime | null;
  status: RequestStatus;
  id: string | null;
}

const EXPECTED = 'YYYY-MM-DD HH:MM, or YYYY-MM-DD for the whole working day';

function word<T extends string>(table: Readonly<Record<string, T>>, text: string): T | undefined {
  return table[text] ?? table[text.toLowerCase()];
}

function dateTime(cell: Parameters<typeof parseDateTime>[0], column: string, row: number, problems: Problem[]): LocalDateTime | null {
  const r = parseDateTime(cell, EXPECTED);
  if (r.ok) return r.value;
  problems.push(problem(row, column, r.code, r.message));
  return null;
}

/** A stable id for a row without one: who, what and when (not the status, so a later status updates the row). */
function rowHash(employee: string, d: RequestDraft): string {
  const parts = [employee, d.type, d.subtype ?? '', d.start ? formatLocal(d.start) : '', d.end ? formatLocal(d.end) : ''];
  return `row:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
}

/** The instant a local value means: its time, or for a date alone the start (end) of that working day. */
function instantOf(v: LocalDateTime, edge: 'start' | 'end', employee: string, days: ReadonlyMap<string, DaySpan>, zone: string): number {
  if (v.hasTime) return localToInstant(v.date, v.minutes, zone) + v.seconds * 1000;
  const span = days.get(dayKey(employee, v.date));
  if (span) return span[edge];
  return localToInstant(v.date, edge === 'start' ? 0 : 24 * 60, zone);
}

async function spansFor(ctx: PlanContext, valid: { employee: string; d: RequestDraft }[]): Promise<Map<string, DaySpan>> {
  const keys = valid.flatMap(({ employee, d }) => [d.start, d.end].filter((v): v is LocalDateTime => v !== null && !v.hasTime).map((v) => ({ employeeId: employee, workDate: v.date })));
  return workingDays(ctx.db, keys, ctx.options.policy, ctx.options.timezone);
}

/** Historical leave, overtime, trips, corrections: keyed by `id` when given, else by a hash of the row. */
export const requests: KindHandler<RequestDraft> = {
  parse(header, { row, cells }) {
    const problems: Problem[] = [];
    const employeeRef = required(header, cells, 'employee', row, problems);
    const typeText = required(header, cells, 'type', row, problems);
    const type = typeText === '' ? null : (word(REQUEST_TYPES, typeText) ?? null);
    if (typeText !== '' && type === null) problems.push(problem(row, 'type', 'bad_value', `unknown type "${typeText}"; expected ${Object.keys(REQUEST_TYPES).join(', ')}`));
    const subtypeText = cellText(field(header, cells, 'subtype'));
    const subtype = subtypeText === '' ? null : leaveSubtype(subtypeText);
    if (subtype !== null && subtype.length > 32) problems.push(problem(row, 'subtype', 'bad_value', 'subtype is longer than 32 characters'));
    const start = required(header, cells, 'start', row, problems) === '' ? null : dateTime(field(header, cells, 'start'), 'start', row, problems);
    const endText = cellText(field(header, cells, 'end'));
    // A correction (补卡) is one moment: its end may be left empty.
    if (endText === '' && type !== null && type !== 'correction') problems.push(problem(row, 'end', 'required', 'end is empty'));
    const end = endText === '' ? (type === 'correction' ? start : null) : dateTime(field(header, cells, 'end'), 'end', row, problems);
    const statusText = cellText(field(header, cells, 'status'));
    const status = statusText === '' ? 'approved' : word(REQUEST_STATUSES, statusText);
    if (status === undefined) problems.push(problem(row, 'status', 'bad_value', `unknown status "${statusText}"; expected approved, rejected or cancelled`));
    const id = cellText(field(header, cells, 'id'));
    if (id.length > 128) problems.push(problem(row, 'id', 'bad_value', 'id is longer than 128 characters'));
    return [{ row, employeeRef, problems, type, subtype, start, end, status: status ?? 'approved', id: id === '' ? null : id }];
  },

  async plan(drafts, ctx) {
    const plan = emptyPlan();
    const zone = ctx.options.timezone;
    const valid: { employee: string; d: RequestDraft }[] = [];
    for (const d of drafts) {
      const employee = employeeOf(d, ctx);
      if (employee !== null) valid.push({ employee, d });
    }
    const days = await spansFor(ctx, valid);
    const dups = new Duplicates();
    for (const { employee, d } of valid) {
      if (d.type === null || d.start === null || d.end === null) continue;
      const startAt = instantOf(d.start, 'start', employee, days, zone);
      const endAt = instantOf(d.end, 'end', employee, days, zone);
      if (endAt < startAt) {
        ctx.problems.push(problem(d.row, 'end', 'end_before_start', `end ${formatLocal(d.end)} is before start ${formatLocal(d.start)}`));
        continue;
      }
      const externalId = d.id ?? rowHash(employee, d);
      const what = d.id === null ? `${d.employeeRef} ${d.type} ${formatLocal(d.start)}` : `id ${d.id}`;
      if (dups.check(externalId, d.row, d.id === null ? null : 'id', what, ctx)) continue;
      if (!checkLocked(monthsBetween(localDateOf(startAt, zone), localDateOf(endAt, zone)), d.row, 'start', ctx, plan)) continue;
      plan.employeeIds.add(employee);
      const unit = !d.start.hasTime && !d.end.hasTime ? 'day' : 'hour';
      const change: LedgerChangeInput = { kind: 'request', externalUserId: employee, externalId, type: d.type, subtype: d.subtype, startAt, endAt, unit, status: d.status };
      plan.ledger.push(change);
    }
    plan.records = plan.ledger.length;
    return plan;
  },
};
