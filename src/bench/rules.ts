import { computeParsedDay, parseDayCaseOrThrow, type ParsedDay } from '../rules/index.js';
import { round, type Bench } from './harness.js';

const shift = { segments: [{ start: '09:00', end: '18:00' }], breaks: [{ start: '12:00', end: '13:00' }], lateGraceMinutes: 5, overtime: { mode: 'punch' } };

/** A spread of realistic days: on time, late, missing, leave, night shift, rest-day overtime. */
function cases(): ParsedDay[] {
  const raw = [
    { date: '2026-03-02', shift, punches: ['2026-03-02T08:58:00+08:00', '2026-03-02T18:03:00+08:00'] },
    { date: '2026-03-03', shift, punches: ['2026-03-03T09:17:00+08:00', '2026-03-03T19:45:00+08:00'] },
    { date: '2026-03-04', shift, punches: ['2026-03-04T08:40:00+08:00'] },
    { date: '2026-03-05', shift, punches: ['2026-03-05T12:58:00+08:00', '2026-03-05T18:01:00+08:00'], requests: [{ type: 'leave', subtype: 'annual', start: '2026-03-05T09:00:00+08:00', end: '2026-03-05T12:00:00+08:00', status: 'approved' }] },
    { date: '2026-03-06', shift: { segments: [{ start: '22:00', end: '06:00' }] }, punches: ['2026-03-06T21:50:00+08:00', '2026-03-07T06:05:00+08:00'], neighbours: { previousEnd: '2026-03-06T06:00:00+08:00' } },
    { date: '2026-03-07', dayType: 'restday', shift: null, overtime: { mode: 'punch' }, punches: ['2026-03-07T10:00:00+08:00', '2026-03-07T15:10:00+08:00'] },
  ];
  return raw.map((c) => parseDayCaseOrThrow({ timezone: 'Asia/Shanghai', ...c }));
}

export const rulesBench: Bench = {
  name: 'rules',
  async run(ctx) {
    const days = cases();
    const seconds = ctx.quick ? 2 : 6;
    let n = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    while (performance.now() < end) {
      for (let i = 0; i < 1000; i++) computeParsedDay(days[i % days.length] as ParsedDay);
      n += 1000;
    }
    const elapsed = (performance.now() - start) / 1000;
    return [{ bench: 'rules', value: Math.round(n / elapsed), unit: 'employee-days/s', baseline: null, ratio: null, seconds: round(elapsed, 2) }];
  },
};
