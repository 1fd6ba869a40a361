import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import { linkIdentities } from '../../src/ledger/linking.js';
import { describeEachDb } from '../support/db.js';

const wecom = { id: 'wx', timezone: 'Asia/Shanghai' };
const dingtalk = { id: 'dd', timezone: 'Asia/Shanghai' };
const at = (iso: string) => Date.parse(iso);

describeEachDb('cross-vendor identities', (t) => {
  const clock = new ManualClock(at('2026-03-10T00:00:00Z'));

  before(async () => {
    await applyChanges(t.db, wecom, [
      { kind: 'department', externalId: '1', parentExternalId: null, name: 'WX' },
      { kind: 'employee', externalUserId: 'zhangsan', name: '张三', departmentExternalId: '1', jobNumber: 'A001' },
      { kind: 'employee', externalUserId: 'lisi', name: '李四', departmentExternalId: '1', jobNumber: 'A002' },
      { kind: 'employee', externalUserId: 'wangwu', name: '王五', departmentExternalId: '1', jobNumber: 'A003' },
      { kind: 'punch', externalUserId: 'zhangsan', sourceRecordKey: 'z1', at: at('2026-03-02T09:00:00+08:00'), method: 'gps' },
      { kind: 'punch', externalUserId: 'wangwu', sourceRecordKey: 'w1', at: at('2026-03-02T09:00:00+08:00'), method: 'gps' },
    ], clock);
    await applyChanges(t.db, dingtalk, [
      { kind: 'department', externalId: '9', parentExternalId: null, name: 'DD' },
      { kind: 'employee', externalUserId: '0123', name: '张三', departmentExternalId: '9', jobNumber: 'A001' },
      { kind: 'employee', externalUserId: '0456', name: '李四', departmentExternalId: '9', jobNumber: 'A002' },
      { kind: 'employee', externalUserId: '0457', name: '李四 (2)', departmentExternalId: '9', jobNumber: 'A002' },
      { kind: 'employee', externalUserId: '0789', name: '王五', departmentExternalId: '9', jobNumber: 'A003' },
      { kind: 'punch', externalUserId: '0789', sourceRecordKey: 'd1', at: at('2026-03-02T18:00:00+08:00'), method: 'gps' },
    ], clock);
  });

  it('links a person found in both tenants by job number, and lists what it cannot link', async () => {
    const dry = await linkIdentities(t.db, ['job_number'], true);
    assert.equal(Number((await t.db('employees').count({ n: '*' }))[0]!.n), 7, 'a dry run changes nothing');
    const report = await linkIdentities(t.db, ['job_number']);
    assert.deepEqual(report, dry);
    assert.deepEqual(report.linked, [{ tenantId: 'dd', externalUserId: '0123', employeeId: employeeIdFor('wx', 'zhangsan'), key: 'job_number' }]);
    assert.deepEqual(report.unresolved.map((u) => [u.value, u.reason]).sort(), [['A002', 'ambiguous'], ['A003', 'both_have_facts']]);
    const zhang = employeeIdFor('wx', 'zhangsan');
    assert.equal((await t.db('employee_identities').where({ tenant_id: 'dd', external_user_id: '0123' }).first()).employee_id, zhang);
    assert.equal(await t.db('employees').where('id', employeeIdFor('dd', '0123')).first(), undefined, 'the empty twin is gone');
  });

  it('feeds both tenants\' punches into the one employee; the linked tenant does not rewrite its details', async () => {
    const zhang = employeeIdFor('wx', 'zhangsan');
    await applyChanges(t.db, dingtalk, [
      { kind: 'employee', externalUserId: '0123', name: 'Zhang San (DD)', departmentExternalId: '9', jobNumber: 'A001' },
      { kind: 'punch', externalUserId: '0123', sourceRecordKey: 'd2', at: at('2026-03-02T18:05:00+08:00'), method: 'gps' },
    ], clock);
    const punches = await t.db('punches').where('employee_id', zhang).orderBy('at');
    assert.deepEqual(punches.map((p: { tenant_id: string }) => p.tenant_id), ['wx', 'dd']);
    const emp = await t.db('employees').where('id', zhang).first();
    assert.equal(emp.name, '张三');
    assert.equal(emp.department_id, 'wx:1');
  });
});
