import assert from 'node:assert/strict';
import { generateCompany, type SandboxCompany } from '../../src/sandbox/company.js';
import { cnHolidays } from '../../src/sandbox/holidays.js';
import { LocalCalendar } from '../../src/sandbox/calendar.js';

describe('sandbox company generator', () => {
  const opts = { employees: 300, days: 31, seed: 11, today: '2026-11-25' };
  let company: SandboxCompany;
  before(() => {
    company = generateCompany(opts);
  });

  it('is deterministic per seed and differs across seeds', () => {
    assert.deepEqual(generateCompany(opts), company);
    const other = generateCompany({ ...opts, seed: 12 });
    assert.notDeepEqual(other.punches.slice(0, 50), company.punches.slice(0, 50));
  });

  it('covers the days ending yesterday with the requested head count', () => {
    assert.equal(company.from, '2026-10-25');
    assert.equal(company.to, '2026-11-24');
    assert.equal(company.employees.length, 300);
    assert.ok(company.departments.length >= 15 && company.departments.length <= 25, `departments ${company.departments.length}`);
    const root = company.departments.filter((d) => d.parentId === null);
    assert.deepEqual(root.map((d) => d.id), [1]);
    const cal = new LocalCalendar(company.timezone);
    const lo = cal.midnight(company.from);
    const hi = cal.midnight('2026-11-25');
    assert.ok(company.punches.every((p) => p.at >= lo && p.at < hi));
    assert.ok(company.approvals.every((a) => a.createdAt >= lo && a.createdAt < hi));
  });

  it('references only existing people, departments, groups and shifts', () => {
    const keys = new Set(company.employees.map((e) => e.key));
    const depts = new Set(company.departments.map((d) => d.id));
    for (const d of company.departments) if (d.parentId !== null) assert.ok(depts.has(d.parentId));
    for (const e of company.employees) {
      assert.ok(depts.has(e.departmentId));
      assert.ok(company.groups.find((g) => g.key === e.groupKey)?.employeeKeys.includes(e.key));
      assert.match(e.mobile, /^1[3-9]\d{9}$/);
    }
    assert.equal(new Set(company.employees.map((e) => e.mobile)).size, 300);
    for (const a of company.approvals) {
      assert.ok(keys.has(a.employeeKey) && keys.has(a.approverKey));
      assert.notEqual(a.approverKey, a.employeeKey);
      assert.ok(a.end >= a.start);
      assert.equal(a.status === 'pending', a.decidedAt === null);
    }
    for (const p of company.punches) assert.ok(keys.has(p.employeeKey));
    const shiftKeys = new Set(company.shifts.map((s) => s.key));
    for (const g of company.groups) for (const k of g.shiftKeys) assert.ok(k === null || shiftKeys.has(k));
    assert.equal(new Set(company.approvals.map((a) => a.id)).size, company.approvals.length);
    assert.ok(company.approvals.every((a) => /^\d{12}$/.test(a.id)));
  });

  it('is realistic: every approval type and status, leave units, night shifts, noise', () => {
    const types = new Set(company.approvals.map((a) => a.type));
    for (const t of ['leave', 'overtime', 'correction', 'trip', 'outing', 'time_off', 'field']) assert.ok(types.has(t as never), t);
    const statuses = new Set(company.approvals.map((a) => a.status));
    assert.deepEqual([...statuses].sort(), ['approved', 'pending', 'rejected', 'revoked']);
    const approved = company.approvals.filter((a) => a.status === 'approved').length;
    assert.ok(approved / company.approvals.length > 0.7);
    const leaveUnits = new Set(company.approvals.filter((a) => a.type === 'leave').map((a) => a.unit));
    assert.deepEqual([...leaveUnits].sort(), ['day', 'halfday', 'hour']);
    const exceptions = new Set(company.punches.map((p) => p.exception));
    for (const x of ['late', 'early', 'outside', 'duplicate', 'field', 'overtime']) assert.ok(exceptions.has(x), x);
    const ops = new Set(company.groups.find((g) => g.kind === 'cycle')?.employeeKeys);
    const cal = new LocalCalendar(company.timezone);
    const nightPunch = company.punches.some((p) => ops.has(p.employeeKey) && cal.secondsOfDay(p.at) < 7 * 3600);
    assert.ok(nightPunch, 'cycle group has punches after midnight (night shift ends 06:00)');
    const perDay = company.punches.length / (300 * 31);
    assert.ok(perDay > 1 && perDay < 2, `punches per person-day ${perDay}`);
  });

  it('has no punches inside approved whole-day leave (day-shift groups; a night shift may end inside the leave day)', () => {
    const fixed = new Set(company.groups.filter((g) => g.kind === 'fixed').flatMap((g) => g.employeeKeys));
    const byUser = new Map<string, number[]>();
    for (const p of company.punches) byUser.set(p.employeeKey, [...(byUser.get(p.employeeKey) ?? []), p.at]);
    const leaves = company.approvals.filter((a) => a.type === 'leave' && a.unit === 'day' && a.status === 'approved' && fixed.has(a.employeeKey));
    assert.ok(leaves.length > 5);
    for (const a of leaves) assert.ok(!(byUser.get(a.employeeKey) ?? []).some((t) => t >= a.start && t <= a.end), a.id);
  });

  it('gives corrections for missing punches and late punches for overtime', () => {
    const corrections = company.approvals.filter((a) => a.type === 'correction');
    assert.ok(corrections.length > 0 && corrections.every((a) => a.workDate !== undefined && a.start === a.end && a.createdAt > a.start));
    const ot = company.approvals.find((a) => a.type === 'overtime' && a.status === 'approved' && company.punches.some((p) => p.employeeKey === a.employeeKey && p.exception === 'overtime'));
    assert.ok(ot);
    assert.ok(company.punches.some((p) => p.employeeKey === ot.employeeKey && p.at >= ot.end && p.at <= ot.end + 16 * 60_000));
  });

  it('uses the CN holiday calendar: National Day is rest for fixed groups, 10-10 is a make-up day', () => {
    const h = cnHolidays('2026-09-28', '2026-10-12');
    assert.deepEqual(h.filter((x) => x.kind === 'makeup').map((x) => x.date), ['2026-10-10']);
    assert.equal(h.filter((x) => x.kind === 'holiday').length, 7);
    const c = generateCompany({ employees: 60, days: 20, seed: 3, today: '2026-10-15' });
    assert.ok(c.holidays.some((x) => x.date === '2026-10-01' && x.kind === 'holiday'));
    const cal = new LocalCalendar(c.timezone);
    const fixed = new Set(c.groups.filter((g) => g.kind === 'fixed').flatMap((g) => g.employeeKeys));
    const onHoliday = c.punches.filter((p) => fixed.has(p.employeeKey) && cal.dateOf(p.at) >= '2026-10-01' && cal.dateOf(p.at) <= '2026-10-07');
    assert.ok(onHoliday.every((p) => p.exception === 'overtime' || p.exception === 'duplicate'));
    const makeup = c.punches.filter((p) => fixed.has(p.employeeKey) && cal.dateOf(p.at) === '2026-10-10');
    assert.ok(makeup.length > fixed.size, 'fixed groups work the make-up Saturday');
  });

  it('is fast: 300 × 31 well under a second, 10 000 × 31 in a few seconds', () => {
    let t = performance.now();
    generateCompany({ employees: 300, days: 31, seed: 1, today: '2026-11-25' });
    assert.ok(performance.now() - t < 500);
    t = performance.now();
    const big = generateCompany({ employees: 10_000, days: 31, seed: 1, today: '2026-11-25' });
    assert.ok(performance.now() - t < 5000);
    assert.equal(big.employees.length, 10_000);
  });
});
