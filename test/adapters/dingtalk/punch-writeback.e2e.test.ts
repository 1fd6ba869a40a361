import assert from 'node:assert/strict';
import { startDingtalkSandbox, type DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';
import type { DingtalkConnector } from '../../../adapters/dingtalk/connector.js';
import { deviceMark } from '../../../adapters/dingtalk/map/punch.js';
import { truth } from './helpers.js';
import { connectSandbox, sandboxTenant, testDeps } from './support.js';

interface Upload {
  body: { userid: string; user_check_time: number; device_id: string };
}

describe('dingtalk punch_upload after a possibly applied attempt (sandbox)', function () {
  this.timeout(60_000);
  let sb: DingtalkSandbox;
  let conn: DingtalkConnector;
  before(async () => {
    sb = await startDingtalkSandbox({ port: 0, employees: 5, days: 3, seed: 11 });
    conn = connectSandbox(await sandboxTenant(sb), testDeps());
  });
  after(() => sb.close());

  const at = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
  const uploads = async (): Promise<Upload[]> => ((await truth(sb))['writes'] as Record<string, Upload[]>)['recordUpload'] ?? [];
  const reads = async (): Promise<number> => (await truth(sb)).calls['attendanceListRecord'] ?? 0;
  const item = (userId: string, ms: number, deviceId = deviceMark('SN-9')) => ({ kind: 'punch_upload', payload: { userId, at: ms, deviceName: 'Gate', deviceId }, idempotencyKey: `dt-${userId}-${ms}-${deviceId}` });

  it('a normal write reads nothing first; the same item again with maybeApplied is uploaded once', async () => {
    const user = sb.company.employees[0]?.key ?? '';
    const before = await reads();
    await conn.writeBack(item(user, at));
    assert.equal(await reads(), before, 'no extra call on a normal write');
    await conn.writeBack({ ...item(user, at), maybeApplied: true });
    assert.equal(await reads(), before + 1, 'one read to check');
    const mine = (await uploads()).filter((u) => u.body.userid === user && u.body.user_check_time === at);
    assert.equal(mine.length, 1);
  });

  it('with maybeApplied, uploads what is not there yet (another instant or another device)', async () => {
    const user = sb.company.employees[1]?.key ?? '';
    await conn.writeBack(item(user, at));
    await conn.writeBack({ ...item(user, at + 1000), maybeApplied: true });
    await conn.writeBack({ ...item(user, at, deviceMark('SN-7')), maybeApplied: true });
    const mine = (await uploads()).filter((u) => u.body.userid === user);
    assert.deepEqual(mine.map((u) => `${u.body.user_check_time - at}@${u.body.device_id}`).sort(), ['0@AB:SN-7', '0@AB:SN-9', '1000@AB:SN-9']);
  });
});
