import type { DayResult } from './model/result.js';

/** Local `HH:MM` of an ISO instant written with the site offset, with its date when not the work date. */
function localClock(iso: string | null, workDate: string): string {
  if (iso === null) return '-';
  const date = iso.slice(0, 10);
  const clock = iso.slice(11, 16);
  return date === workDate ? clock : `${date.slice(5)} ${clock}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd());
}

/** A day result for a person: checkpoint table, totals, reasons. */
export function explainDayResult(r: DayResult): string {
  const lines: string[] = [`${r.date} ${r.dayType}: ${r.status}`, ''];
  if (r.checkpoints.length > 0) {
    const rows = [['kind', 'expected', 'actual', 'result', 'minutes', 'location']];
    for (const c of r.checkpoints) {
      rows.push([c.kind, localClock(c.expected, r.date), localClock(c.actual, r.date), c.result, String(c.minutes), c.location ?? '']);
    }
    lines.push(...table(rows), '');
  } else {
    lines.push('no checkpoints (no shift)', '');
  }
  const leave = Object.entries(r.leaveMinutes).map(([k, v]) => `${k} ${v}`).join(', ') || '0';
  lines.push(
    `minutes: expected ${r.expectedMinutes}, required ${r.requiredMinutes}, worked ${r.workedMinutes}`,
    `late: ${r.lateCount} (${r.lateMinutes} min, ${r.seriousLateCount} serious); early: ${r.earlyCount} (${r.earlyMinutes} min); missing: ${r.missingCount}; absent: ${r.absentMinutes} min`,
    `leave: ${leave}; trip: ${r.tripMinutes} min; location exceptions: ${r.locationExceptionCount}; field: ${r.fieldCount}`,
    `overtime: ${r.overtimeMinutes} min (${r.overtimeDayType})`,
    `unmatched: ${r.unmatched.length > 0 ? r.unmatched.map((u) => localClock(u, r.date)).join(', ') : 'none'}`,
    '',
    'reasons:',
    ...(r.reasons.length > 0 ? r.reasons.map((x) => `- ${x}`) : ['- nothing unusual']),
  );
  return lines.join('\n');
}
