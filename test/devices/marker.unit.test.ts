import assert from 'node:assert/strict';
import { punchFromRecord, recordSchema } from '../../adapters/dingtalk/map/punch.js';
import { checkinRecordSchema } from '../../adapters/wecom/client-schemas.js';
import { mapPunch } from '../../adapters/wecom/map/punches.js';
import { devicePunchWriteBack } from '../../src/devices/writeback.js';

const AT = Date.parse('2026-03-02T01:00:07Z');
const LONG_SERIAL = 'Z'.repeat(64);

/** The WeCom record a device write-back puts in `add_checkin_record`. */
function wecomWritten(serial: string, name: string | null): { deviceDetail: string; notes: string } {
  const out = devicePunchWriteBack('wecom', { userid: 'zhangsan', at: AT, deviceSn: serial, deviceName: name });
  const [r] = out.payload['records'] as { deviceDetail: string; notes: string }[];
  assert.ok(r);
  return { deviceDetail: r.deviceDetail, notes: r.notes };
}

const wecomRow = (over: Record<string, unknown>) => checkinRecordSchema.parse({ userid: 'zhangsan', checkin_type: '上班打卡', exception_type: '', checkin_time: AT / 1000, ...over });

describe('devices: the write-back mark and its recognition in vendor pulls', () => {
  it('WeCom: puts AB:<serial> first in device_detail (≤ 40 chars, the name after it) and in notes', () => {
    assert.deepEqual(wecomWritten('BER', 'Berlin gate'), { deviceDetail: 'AB:BER Berlin gate', notes: 'AB:BER' });
    assert.deepEqual(wecomWritten('BER', null), { deviceDetail: 'AB:BER', notes: 'AB:BER' });
    const long = wecomWritten(LONG_SERIAL, 'Hall');
    assert.equal(long.deviceDetail.length, 40);
    assert.ok(long.deviceDetail.startsWith('AB:ZZZ'));
  });

  it('WeCom: skips a pulled record carrying the mark in deviceid or in notes, and only those', () => {
    const w = wecomWritten('BER', 'Berlin gate');
    assert.equal(mapPunch(wecomRow({ deviceid: w.deviceDetail, notes: w.notes })), null);
    assert.equal(mapPunch(wecomRow({ deviceid: '', notes: w.notes })), null, 'notes alone');
    assert.equal(mapPunch(wecomRow({ deviceid: wecomWritten(LONG_SERIAL, null).deviceDetail })), null, 'a cut mark still starts with AB:');
    assert.equal(mapPunch(wecomRow({ deviceid: 'ZKCN2024A0001' }))?.method, 'device', 'a WeCom-connected machine is a vendor punch');
    assert.equal(mapPunch(wecomRow({ deviceid: 'E5FA89F6-3926-4972-BE4F-4A7ACF4701E2', notes: 'late: AB: bus' }))?.sourceRecordKey, `zhangsan|${AT / 1000}|上班打卡`, 'a mark later in the notes is an employee remark');
  });

  it('DingTalk: uploads device_id AB:<serial> (the name stays for people) and skips records carrying it', () => {
    const out = devicePunchWriteBack('dingtalk', { userid: 'dd-lisi', at: AT, deviceSn: 'DD1', deviceName: null });
    assert.equal(out.payload['deviceId'], 'AB:DD1');
    assert.equal(out.payload['deviceName'], 'DD1');
    const row = (over: Record<string, unknown>) => recordSchema.parse({ userId: 'dd-lisi', userCheckTime: AT, sourceType: 'ATM', locationMethod: 'ATM', ...over });
    assert.equal(punchFromRecord(row({ deviceSN: out.payload['deviceId'] })), null);
    assert.equal(punchFromRecord(row({ deviceId: out.payload['deviceId'] })), null, 'if DingTalk returns it as the phone device id');
    assert.equal(punchFromRecord(row({ deviceSN: 'M2A0042' }))?.method, 'device', 'a DingTalk machine is a vendor punch');
  });
});
