import { DateTime } from 'luxon';
import type { LedgerChangeInput } from '../ledger/model.js';

/**
 * A deterministic synthetic company for benchmarks: one office group (09:00–18:00, lunch break),
 * `employees` people, two punches per working day with a little spread, over `days` days.
 */
export function benchOrg(employees: number): LedgerChangeInput[] {
  const users = Array.from({ length: employees }, (_, i) => `u${i}`);
  return [
    { kind: 'department', externalId: '1', parentExternalId: null, name: 'Bench' },
    { kind: 'shift', externalId: 'day', name: 'Day', definition: { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }], lateGraceMinutes: 5 } },
    { kind: 'rule_group', externalId: 'office', name: 'Office', pattern: { kind: 'fixed', week: { mon: 'day', tue: 'day', wed: 'day', thu: 'day', fri: 'day' } }, memberExternalUserIds: users },
    ...users.map((u): LedgerChangeInput => ({ kind: 'employee', externalUserId: u, name: u, departmentExternalId: '1' })),
  ];
}

/** Punches for every employee and day; `variant` shifts every punch by that many seconds (a changed batch). */
export function benchPunches(employees: number, firstDate: string, days: number, variant = 0): LedgerChangeInput[] {
  const out: LedgerChangeInput[] = [];
  const start = DateTime.fromISO(firstDate, { zone: 'Asia/Shanghai' });
  for (let d = 0; d < days; d++) {
    const day = start.plus({ days: d });
    if (day.weekday > 5) continue;
    const base = day.toMillis();
    for (let e = 0; e < employees; e++) {
      const jitter = ((e * 7919 + d * 104729) % 1200) * 1000; // 0–20 min, deterministic
      for (const [slot, offset] of [[0, 8 * 3600_000 + 50 * 60_000 + jitter], [1, 18 * 3600_000 + jitter]] as const) {
        const at = base + offset + variant * 1000;
        out.push({ kind: 'punch', externalUserId: `u${e}`, sourceRecordKey: `u${e}:${d}:${slot}`, at, method: 'gps' });
      }
    }
  }
  return out;
}
