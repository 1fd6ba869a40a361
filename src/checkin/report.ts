import type { Response } from 'express';
import { z } from 'zod';
import type { Db } from '../ledger/db.js';
import { formatInstant } from '../rules/time.js';
import { sheet, toCsv, writeXlsx, type Column } from '../reports/sheet.js';
import type { PunchView } from './arrivals.js';
import { toEventView, type CheckinEvent, type EventView } from './events.js';

/** The event report (checkin.md §7): who checked in, when, how and where; invitees who did not. */

export const reportQuery = z.strictObject({ format: z.enum(['json', 'csv', 'xlsx']).default('json') });

interface Line {
  employeeId: string;
  name: string | null;
  status: 'checked_in' | 'absent';
  at: string | null;
  method: string | null;
  verdict: string | null;
  distanceM: number | null;
  flags: string[];
}

export interface EventReport {
  event: EventView;
  summary: { invited: number | null; checkedIn: number };
  rows: Line[];
}

interface Row {
  attendee_id: string;
  at: number | string;
  method: string;
  result: string | null;
  name: string | null;
}

export async function buildReport(db: Db, event: CheckinEvent): Promise<EventReport> {
  const rows = (await db('event_checkins as c')
    .leftJoin('employees as e', 'e.id', 'c.attendee_id')
    .select('c.attendee_id', 'c.at', 'c.method', 'c.result', 'e.name')
    .where('c.event_id', event.id)
    .orderBy([{ column: 'c.at' }, { column: 'c.attendee_id' }])) as Row[];
  const lines: Line[] = rows.map((r) => {
    const punch = r.result === null ? null : (JSON.parse(r.result) as PunchView);
    return {
      employeeId: r.attendee_id, name: r.name, status: 'checked_in', at: formatInstant(Number(r.at), event.zone), method: r.method,
      verdict: punch?.verdict ?? null, distanceM: punch?.distanceM ?? null, flags: punch?.flags ?? [],
    };
  });
  if (event.attendees !== 'open') {
    const came = new Set(rows.map((r) => r.attendee_id));
    const missing = event.attendees.filter((id) => !came.has(id));
    const names = new Map<string, string>();
    for (let i = 0; i < missing.length; i += 400) {
      for (const e of (await db('employees').select('id', 'name').whereIn('id', missing.slice(i, i + 400))) as { id: string; name: string }[]) names.set(e.id, e.name);
    }
    for (const id of missing) lines.push({ employeeId: id, name: names.get(id) ?? null, status: 'absent', at: null, method: null, verdict: null, distanceM: null, flags: [] });
  }
  return { event: toEventView(event), summary: { invited: event.attendees === 'open' ? null : event.attendees.length, checkedIn: rows.length }, rows: lines };
}

const COLUMNS: Column<Line>[] = [
  { header: 'Employee', value: (l) => l.employeeId, width: 28 },
  { header: 'Name', value: (l) => l.name },
  { header: 'Status', value: (l) => l.status },
  { header: 'Checked in at', value: (l) => l.at, width: 26 },
  { header: 'Method', value: (l) => l.method },
  { header: 'Verdict', value: (l) => l.verdict },
  { header: 'Distance (m)', value: (l) => l.distanceM },
  { header: 'Flags', value: (l) => l.flags.join(' '), width: 24 },
];

export async function sendReport(res: Response, report: EventReport, format: 'json' | 'csv' | 'xlsx'): Promise<void> {
  if (format === 'json') {
    res.json(report);
    return;
  }
  const table = sheet('Check-ins', COLUMNS, report.rows);
  const file = `event-${report.event.id}.${format}`;
  res.set('content-disposition', `attachment; filename="${file}"`);
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').send(toCsv(table));
    return;
  }
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await writeXlsx([table], { stream: res });
  res.end();
}
