import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import { ValidationError } from '../../src/errors.js';
import { applyChanges } from '../../src/ledger/apply.js';
import { employeeIdFor } from '../../src/ledger/ids.js';
import type { Db } from '../../src/ledger/db.js';
import { describeEachDb } from '../support/db.js';

const tenant = { id: 'acme', timezone: 'Asia/Shanghai' };
const at = (iso: string) => Date.parse(iso);

function batch(): unknown[] {
  return [
    { kind: 'department', externalId: '1', parentExternalId: null, name: 'ACME' },
    { kind: 'department', externalId: '2', parentExternalId: '1', name: 'R&D' },
    { kind: 'employee', externalUserId: 'zhangsan', name: '张三', departmentExternalId: '2', jobNumber: 'A001', mobile: '13800000001' },
    { kind: 'employee', externalUserId: 'lisi', name: '李四', departmentExternalId: '2', jobNumber: 'A002' },
    { kind: 'punch', externalUserId: 'zhangsan', sourceRecordKey: 'zhangsan:1772413080', at: at('2026-03-02T08:58:00+08:00'), method: 'gps', lat: 22.54, lng: 113.93, raw: { checkin_type: '上班打卡' } },
    { kind: 'punch', externalUserId: 'zhangsan', sourceRecordKey: 'zhangsan:1772445780', at: at('2026-03-02T18:03:00+08:00'), method: 'wifi', wifiName: 'ACME' },
    { kind: 'request', externalUserId: 'lisi', externalId: '202603020001', type: 'leave', subtype: 'annual', startAt: at('2026-03-03T09:00:00+08:00'), endAt: at('2026-03-03T12:00:00+08:00'), status: 'approved' },
    { kind: 'shift', externalId: 's1', name: 'Day', definition: { segments: [{ start: '09:00', end: '18:00' }] } },
    { kind: 'rule_group', externalId: 'g1', name: 'Office', pattern: { kind: 'fixed', week: ['s1', 's1', 's1', 's1', 's1', null, null] }, memberExternalUserIds: ['zhangsan', 'lisi'] },
    { kind: 'roster', externalUserId: 'lisi', workDate: '2026-03-07', shiftExternalId: 's1' },
  ];
}

async function snapshot(t: { db: Db }): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['departments', 'employees', 'employee_identities', 'punches', 'requests', 'shifts', 'rule_groups', 'rosters', 'dirty_days']) {
    out[table] = await t.db(table).select().orderBy(Object.keys((await t.db(table).columnInfo()))[0] as string);
  }
  return out;
}

describeEachDb('ledger applyChanges', (t) => {
  const clock = new ManualClock(at('2026-03-04T00:00:00Z'));

  it('stores a batch and marks the affected days dirty', async () => {
    const summary = await applyChanges(t.db, tenant, batch(), clock);
    assert.deepEqual(summary.written, { department: 2, employee: 2, shift: 1, rule_group: 1, roster: 1, punch: 2, request: 1 });
    const zhang = employeeIdFor('acme', 'zhangsan');
    const emp = await t.db('employees').where('id', zhang).first();
    assert.equal(emp.name, '张三');
    assert.equal(emp.department_id, 'acme:2');
    assert.equal(emp.rule_group_id, 'acme:g1');
    const punch = await t.db('punches').where({ tenant_id: 'acme', source_record_key: 'zhangsan:1772413080' }).first();
    assert.equal(punch.employee_id, zhang);
    assert.equal(Number(punch.at), at('2026-03-02T08:58:00+08:00'));
    assert.deepEqual(JSON.parse(punch.raw), { checkin_type: '上班打卡' });
    const dirty = (await t.db('dirty_days').where('employee_id', zhang).orderBy('work_date')).map((r: { work_date: string }) => r.work_date);
    assert.deepEqual(dirty, ['2026-03-01', '2026-03-02'], 'a punch dirties its local date and the night before');
    const lisiDirty = (await t.db('dirty_days').where('employee_id', employeeIdFor('acme', 'lisi')).orderBy('work_date')).map((r: { work_date: string }) => r.work_date);
    assert.deepEqual(lisiDirty, ['2026-03-02', '2026-03-03', '2026-03-07']);
  });

  it('replaying the same batch writes nothing and leaves identical rows', async () => {
    const before = await snapshot(t);
    clock.advance(3_600_000);
    const summary = await applyChanges(t.db, tenant, batch(), clock);
    assert.deepEqual(summary.written, {});
    assert.deepEqual(await snapshot(t), before);
  });

  it('rejects a batch with one invalid record and writes nothing', async () => {
    const before = await snapshot(t);
    const bad = [
      { kind: 'punch', externalUserId: 'wangwu', sourceRecordKey: 'wangwu:1', at: at('2026-03-02T09:00:00+08:00'), method: 'gps' },
      { kind: 'punch', externalUserId: 'wangwu', sourceRecordKey: 'wangwu:2', at: 'yesterday', method: 'gps' },
    ];
    await assert.rejects(applyChanges(t.db, tenant, bad, clock), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.code, 'validation_failed');
      assert.match(err.message, /1\.at/);
      assert.equal(err.issues[0]?.path, '1.at');
      return true;
    });
    assert.deepEqual(await snapshot(t), before);
  });

  it('leaves nothing behind when the transaction around a batch fails before commit', async () => {
    const before = await snapshot(t);
    await assert.rejects(
      t.db.transaction(async (trx) => {
        const s = await applyChanges(trx, tenant, [{ kind: 'punch', externalUserId: 'zhaoliu', sourceRecordKey: 'zhaoliu:1', at: 1, method: 'gps' }], clock);
        assert.deepEqual(s.written, { punch: 1 });
        throw new Error('simulated crash after the page was applied, before commit');
      }),
      /simulated crash/,
    );
    assert.deepEqual(await snapshot(t), before);
  });

  it('fills in a placeholder employee created by an early punch', async () => {
    await applyChanges(t.db, tenant, [{ kind: 'punch', externalUserId: 'newbie', sourceRecordKey: 'newbie:1', at: at('2026-03-05T09:00:00+08:00'), method: 'device' }], clock);
    const id = employeeIdFor('acme', 'newbie');
    assert.equal((await t.db('employees').where('id', id).first()).name, 'newbie');
    const s = await applyChanges(t.db, tenant, [{ kind: 'employee', externalUserId: 'newbie', name: '新人', departmentExternalId: '1' }], clock);
    assert.deepEqual(s.written, { employee: 1 });
    assert.equal((await t.db('employees').where('id', id).first()).name, '新人');
  });

  it('stores a provisional punch only when new, and lets a later pull complete it', async () => {
    const key = { tenant_id: 'acme', source_record_key: 'zhangsan:1772413080' };
    const before = await t.db('punches').where(key).first();
    const thin = { kind: 'punch', externalUserId: 'zhangsan', sourceRecordKey: 'zhangsan:1772413080', at: at('2026-03-02T08:58:00+08:00'), method: 'gps', locationVerdict: 'uncertain', provisional: true };
    assert.deepEqual((await applyChanges(t.db, tenant, [thin], clock)).written, {}, 'a stored pull is not downgraded');
    assert.deepEqual(await t.db('punches').where(key).first(), before);
    const fresh = { ...thin, sourceRecordKey: 'zhangsan:live', at: at('2026-03-05T09:00:00+08:00') };
    assert.deepEqual((await applyChanges(t.db, tenant, [fresh], clock)).written, { punch: 1 }, 'a new one is stored');
    const pulled = { ...fresh, provisional: false, locationVerdict: 'inside', wifiName: 'ACME' };
    assert.deepEqual((await applyChanges(t.db, tenant, [pulled], clock)).written, { punch: 1 }, 'the pull completes it');
    assert.equal((await t.db('punches').where({ tenant_id: 'acme', source_record_key: 'zhangsan:live' }).first()).wifi_name, 'ACME');
  });

  it('updates a changed record in place by its natural key', async () => {
    const changed = batch().map((c) => ((c as { externalId?: string }).externalId === '202603020001' ? { ...(c as object), status: 'revoked' } : c));
    const s = await applyChanges(t.db, tenant, changed, clock);
    assert.deepEqual(s.written, { request: 1 });
    const rows = await t.db('requests').where({ tenant_id: 'acme', external_id: '202603020001' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'revoked');
  });
});

describe('dirty dates', () => {
  it('finds local dates across zones and DST the same way luxon does', async () => {
    const { localDate, datesForPunch } = await import('../../src/ledger/dirty.js');
    const { DateTime } = await import('luxon');
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC']) {
      for (let at = Date.parse('2026-03-07T00:00:00Z'); at < Date.parse('2026-03-10T00:00:00Z'); at += 7 * 60_000 + 13_000) {
        assert.equal(localDate(at, zone), DateTime.fromMillis(at, { zone }).toISODate(), `${zone} ${new Date(at).toISOString()}`);
      }
    }
    assert.deepEqual(datesForPunch(Date.parse('2026-03-01T06:05:00+08:00'), 'Asia/Shanghai'), ['2026-02-28', '2026-03-01']);
  });
});
