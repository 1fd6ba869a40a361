import assert from 'node:assert/strict';
import { ZktecoConnector, type DeviceDirectory, type DeviceView } from '../../../adapters/zkteco/connector.js';
import { attlogEvents, instantToWall, recordKey, toPunchChange, verifyName, wallToInstant } from '../../../adapters/zkteco/map.js';
import { generateLog } from '../../../adapters/zkteco/firmware.js';
import { VendorError } from '../../../src/http/vendorError.js';

const device: DeviceView = { serial: 'SN1', name: 'Gate', siteId: 'hq', state: 'approved', timezone: 'Asia/Shanghai', clockOffsetS: 90, tenantId: null };

describe('zkteco: mapping records to punches', () => {
  it('turns device wall time into an instant through its zone and clock offset, keeping the raw time', () => {
    assert.equal(wallToInstant('2026-03-02 09:00:00', 'Asia/Shanghai', 0), Date.parse('2026-03-02T01:00:00Z'));
    assert.equal(wallToInstant('2026-03-02 09:00:00', 'Europe/Berlin', 30), Date.parse('2026-03-02T08:00:00Z') - 30_000);
    assert.equal(instantToWall(Date.parse('2026-03-02T08:00:00Z') - 30_000, 'Europe/Berlin', 30), '2026-03-02 09:00:00');
    const [event] = attlogEvents('SN1', [{ pin: '1001', time: '2026-03-02 09:00:00', status: 0, verify: 15, workcode: '0' }]);
    assert.ok(event);
    assert.equal(event.eventKey, 'SN1:1001:2026-03-02 09:00:00');
    const punch = toPunchChange(event.payload as never, { ...device, timezone: 'Asia/Shanghai' }, 'e_1');
    assert.deepEqual(punch, {
      kind: 'punch',
      externalUserId: 'e_1',
      sourceRecordKey: recordKey('SN1', '1001', '2026-03-02 09:00:00'),
      at: Date.parse('2026-03-02T01:00:00Z') - 90_000,
      source: 'device',
      method: 'device',
      deviceSn: 'SN1',
      siteId: 'hq',
      vendorVerdict: 'face',
      raw: { sn: 'SN1', pin: '1001', time: '2026-03-02 09:00:00', status: 0, verify: 15, workcode: '0', timezone: 'Asia/Shanghai', clockOffsetS: 90 },
    });
    assert.equal(verifyName(1), 'fingerprint');
    assert.equal(verifyName(99), 'verify:99');
    assert.equal(verifyName(null), null);
  });
});

class Directory implements DeviceDirectory {
  unmapped: string[] = [];
  identities: string[] = [];
  constructor(
    private readonly view: DeviceView | undefined,
    private readonly pins: Record<string, string>,
  ) {}
  async device() {
    return this.view;
  }
  async employeeForPin(_d: DeviceView, pin: string) {
    return this.pins[pin] ?? null;
  }
  async noteUnmapped(_s: string, pin: string) {
    this.unmapped.push(pin);
  }
  async ensureIdentity(id: string) {
    this.identities.push(id);
  }
}

describe('zkteco: the resolver', () => {
  const event = (pin: string) => attlogEvents('SN1', [{ pin, time: '2026-03-02 09:00:00', status: 0, verify: 1, workcode: '' }])[0]!;

  it('resolves a mapped PIN to a punch under the employee id, after making the identity', async () => {
    const dir = new Directory({ ...device, timezone: null, clockOffsetS: 0 }, { '1001': 'e_1' });
    const c = new ZktecoConnector('devices', 'Asia/Tokyo', dir);
    const [p] = await c.resolveEvent(event('1001'));
    assert.equal((p as { at: number }).at, Date.parse('2026-03-02T00:00:00Z'), 'a device without a zone uses the default');
    assert.deepEqual(dir.identities, ['e_1']);
  });

  it('keeps an unknown PIN for mapping and yields nothing; rejected devices yield nothing; quarantined ones retry', async () => {
    const dir = new Directory(device, {});
    assert.deepEqual(await new ZktecoConnector('devices', 'UTC', dir).resolveEvent(event('1009')), []);
    assert.deepEqual(dir.unmapped, ['1009']);
    assert.deepEqual(await new ZktecoConnector('devices', 'UTC', new Directory({ ...device, state: 'rejected' }, { '1001': 'e_1' })).resolveEvent(event('1001')), []);
    await assert.rejects(new ZktecoConnector('devices', 'UTC', new Directory({ ...device, state: 'quarantined' }, {})).resolveEvent(event('1001')), /not approved/);
  });

  it('is a source without streams, codec or write-backs', async () => {
    const c = new ZktecoConnector('devices', 'UTC', new Directory(device, {}));
    assert.deepEqual(c.streams(), []);
    assert.equal(c.codec(), null);
    assert.equal(c.callCount(), 0);
    await assert.rejects(c.writeBack({ kind: 'x', payload: {}, idempotencyKey: 'k' }), (e: unknown) => e instanceof VendorError && !e.transient);
  });
});

describe('zkteco: the simulated device log', () => {
  it('is seeded, ordered, stamped 1..n, and covers the days before today', () => {
    const now = Date.parse('2026-03-10T04:00:00Z');
    const a = generateLog({ pins: ['1', '2', '3'], days: 5, seed: 3, timezone: 'Asia/Shanghai', now });
    assert.deepEqual(a, generateLog({ pins: ['1', '2', '3'], days: 5, seed: 3, timezone: 'Asia/Shanghai', now }));
    assert.deepEqual(a.map((r) => r.stamp), a.map((_r, i) => i + 1));
    assert.ok(a.every((r, i) => i === 0 || a[i - 1]!.time <= r.time));
    assert.ok(a.every((r) => r.time >= '2026-03-05' && r.time < '2026-03-10'));
    assert.ok(a.length > 15);
  });
});
