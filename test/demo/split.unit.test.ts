import assert from 'node:assert/strict';
import { generateCompany } from '../../src/sandbox/company.js';
import { splitCompany } from '../../src/demo/split.js';

describe('demo company split', () => {
  const company = generateCompany({ employees: 300, days: 31, seed: 42, today: '2026-11-01' });
  const [a, b] = splitCompany(company);

  it('puts every employee, punch and approval in exactly one half', () => {
    assert.equal(a.employees.length + b.employees.length, company.employees.length);
    assert.ok(a.employees.length > 50 && b.employees.length > 50, `${a.employees.length} / ${b.employees.length}`);
    assert.equal(a.punches.length + b.punches.length, company.punches.length);
    assert.equal(a.approvals.length + b.approvals.length, company.approvals.length);
    const aKeys = new Set(a.employees.map((e) => e.key));
    assert.ok(b.employees.every((e) => !aKeys.has(e.key)));
  });

  it('keeps each half self-contained: departments, groups and approvers belong to it', () => {
    for (const half of [a, b]) {
      const keys = new Set(half.employees.map((e) => e.key));
      const depts = new Set(half.departments.map((d) => d.id));
      assert.ok(half.employees.every((e) => depts.has(e.departmentId)));
      assert.ok(half.departments.every((d) => d.parentId === null || depts.has(d.parentId)));
      assert.ok(half.groups.every((g) => g.employeeKeys.every((k) => keys.has(k))));
      assert.ok(half.approvals.every((x) => keys.has(x.employeeKey) && keys.has(x.approverKey)));
    }
  });
});

describe('demo company split, small company', () => {
  it('still gives both vendors people when the top of the tree is a single department', () => {
    for (const employees of [20, 40, 60]) {
      const [a, b] = splitCompany(generateCompany({ employees, days: 5, seed: 11, today: '2026-11-01' }));
      assert.ok(a.employees.length > 0 && b.employees.length > 0, `${employees}: ${a.employees.length} / ${b.employees.length}`);
    }
  });
});
