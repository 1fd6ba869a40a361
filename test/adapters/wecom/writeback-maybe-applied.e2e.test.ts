import assert from 'node:assert/strict';
import { startWecomSandbox, type WecomSandbox } from '../../../adapters/wecom/sandbox/index.js';
import { deviceMark } from '../../../adapters/wecom/map/punches.js';
import { wecomApis } from '../../../adapters/wecom/descriptor.js';
import { connect } from './support.js';

describe('wecom add_checkin_record after a possibly applied attempt (sandbox)', function () {
  this.timeout(60_000);
  let sb: WecomSandbox;
  before(async () => {
    sb = await startWecomSandbox({ port: 0, employees: 5, days: 3, seed: 11 });
  });
  after(() => sb.close());

  const at = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
  const record = (userid: string, ms: number) => ({ userid, at: ms, deviceType: 2, ...deviceMark('SN-9', 'Gate') });
  const punches = (userid: string, ms: number): number => sb.state.punchesOf(userid).filter((p) => p.at === ms).length;

  it('a normal write reads nothing first; the same item again with maybeApplied is not written twice', async () => {
    const conn = connect(sb.env);
    const user = sb.company.employees[0]?.key ?? '';
    const item = { kind: 'add_checkin_record', payload: { records: [record(user, at)] }, idempotencyKey: 'wc-1' };
    const reads = sb.state.calls[wecomApis.getcheckindata.path] ?? 0;
    await conn.writeBack(item);
    assert.equal(sb.state.calls[wecomApis.getcheckindata.path] ?? 0, reads, 'no extra call on a normal write');
    assert.equal(sb.state.writes.add_checkin_record, 1);
    await conn.writeBack({ ...item, maybeApplied: true });
    assert.equal(sb.state.writes.add_checkin_record, 1, 'the sandbox saw the record once');
    assert.equal(sb.state.calls[wecomApis.getcheckindata.path] ?? 0, reads + 1, 'one read to check');
    assert.equal(punches(user, at), 1);
  });

  it('with maybeApplied, writes only the records that are not there yet', async () => {
    const conn = connect(sb.env);
    const [a, b] = [sb.company.employees[1]?.key ?? '', sb.company.employees[2]?.key ?? ''];
    await conn.writeBack({ kind: 'add_checkin_record', payload: { records: [record(a, at + 1000)] }, idempotencyKey: 'wc-2a' });
    const before = sb.state.writes.add_checkin_record;
    // Same second and user as a's written record but another mark: not ours, so it is written.
    const other = { ...record(a, at + 1000), ...deviceMark('SN-7', null) };
    await conn.writeBack({ kind: 'add_checkin_record', payload: { records: [record(a, at + 1000), record(b, at + 2000), other] }, idempotencyKey: 'wc-2', maybeApplied: true });
    assert.equal(sb.state.writes.add_checkin_record, before + 2);
    assert.equal(punches(a, at + 1000), 2);
    assert.equal(punches(b, at + 2000), 1);
  });
});
