import assert from 'node:assert/strict';
import { allowedFrom, parseNetworks } from '../../src/devices/trust.js';

describe('devices: allowed networks', () => {
  it('parses CIDR lists and checks IPv4, mapped IPv4 and IPv6 peers', () => {
    const nets = parseNetworks('10.0.0.0/8, 192.168.1.7,2001:db8::/32');
    assert.deepEqual(nets, ['10.0.0.0/8', '192.168.1.7/32', '2001:db8::/32']);
    assert.equal(allowedFrom(nets, '10.2.3.4'), true);
    assert.equal(allowedFrom(nets, '::ffff:10.2.3.4'), true);
    assert.equal(allowedFrom(nets, '192.168.1.8'), false);
    assert.equal(allowedFrom(nets, '2001:db8::1'), true);
    assert.equal(allowedFrom(nets, undefined), false);
    assert.equal(allowedFrom(null, '8.8.8.8'), true);
    assert.throws(() => parseNetworks('10.0.0.0/33'), /not an IP/);
    assert.throws(() => parseNetworks('intranet'), /not an IP/);
  });
});
