import assert from 'node:assert/strict';
import { distanceToRingM, haversineM, insidePolygon, toWgs84 } from '../../src/checkin/geo.js';
import { checkCode, checkToken, codeFor, tokenFor, truncateToCode, windowOf } from '../../src/checkin/qr.js';
import { normaliseBssid } from '../../src/checkin/sites.js';

describe('checkin: datums and distances', () => {
  it('converts GCJ-02 and BD-09 back to WGS-84 (the published pair WGS 39.915,116.404 ↔ GCJ 39.91640428,116.41024450)', () => {
    const w = toWgs84({ lat: 39.91640428150164, lng: 116.41024449916938 }, 'gcj02');
    assert.ok(haversineM(w, { lat: 39.915, lng: 116.404 }) < 0.5, JSON.stringify(w));
    // BD-09 39.92133699,116.41036949 is GCJ-02 39.915,116.404 (Baidu's offset on top of GCJ-02).
    const b = toWgs84({ lat: 39.92133699351022, lng: 116.41036949371029 }, 'bd09');
    assert.ok(haversineM(b, toWgs84({ lat: 39.915, lng: 116.404 }, 'gcj02')) < 2, JSON.stringify(b));
  });

  it('leaves points outside China unchanged', () => {
    assert.deepEqual(toWgs84({ lat: 48.85, lng: 2.35 }, 'gcj02'), { lat: 48.85, lng: 2.35 });
  });

  it('haversine on the 6,371,008.8 m sphere: one degree of latitude is 111,195 m', () => {
    assert.ok(Math.abs(haversineM({ lat: 0, lng: 0 }, { lat: 1, lng: 0 }) - 111_195.08) < 0.05);
    assert.equal(haversineM({ lat: 31, lng: 121 }, { lat: 31, lng: 121 }), 0);
  });

  it('polygons: containment (open or closed ring) and the distance to the nearest edge', () => {
    const ring = [{ lat: 0, lng: 0 }, { lat: 0, lng: 0.01 }, { lat: 0.01, lng: 0.01 }, { lat: 0.01, lng: 0 }];
    assert.equal(insidePolygon({ lat: 0.005, lng: 0.005 }, ring), true);
    assert.equal(insidePolygon({ lat: 0.005, lng: 0.005 }, [...ring, ring[0] as { lat: number; lng: number }]), true);
    assert.equal(insidePolygon({ lat: 0.005, lng: 0.02 }, ring), false);
    assert.ok(Math.abs(distanceToRingM({ lat: 0.005, lng: 0.011 }, ring) - 111.2) < 0.5);
  });

  it('normalises BSSIDs: case, : or -, bare hex; refuses anything else', () => {
    assert.equal(normaliseBssid('AA-BB-CC-DD-EE-0F'), 'aa:bb:cc:dd:ee:0f');
    assert.equal(normaliseBssid('aabbccddee0f'), 'aa:bb:cc:dd:ee:0f');
    assert.equal(normaliseBssid('aa:bb:cc:dd:ee'), null);
    assert.equal(normaliseBssid('gg:bb:cc:dd:ee:ff'), null);
  });
});

describe('checkin: the QR token scheme', () => {
  const secret = 'a'.repeat(64);
  const t0 = Date.parse('2026-03-10T09:00:30Z');

  it('truncates like RFC 4226 §5.4 (the worked example gives 872921)', () => {
    assert.equal(truncateToCode(Buffer.from('1f8698690e02ca16618550ef7f19da8e945b555a', 'hex')), '872921');
  });

  it('accepts w and w − 1 only; w − 2 is expired; another event, a forged MAC or a future window is invalid', () => {
    const w = windowOf(t0);
    assert.equal(w, Math.floor(t0 / 60_000));
    assert.deepEqual(checkToken(secret, 'ev_1', tokenFor(secret, 'ev_1', w), t0), { ok: true, w });
    assert.deepEqual(checkToken(secret, 'ev_1', tokenFor(secret, 'ev_1', w - 1), t0), { ok: true, w: w - 1 });
    assert.deepEqual(checkToken(secret, 'ev_1', tokenFor(secret, 'ev_1', w - 2), t0), { ok: false, reason: 'expired' });
    assert.deepEqual(checkToken(secret, 'ev_1', tokenFor(secret, 'ev_1', w + 1), t0), { ok: false, reason: 'invalid' });
    assert.deepEqual(checkToken(secret, 'ev_1', tokenFor(secret, 'ev_2', w), t0), { ok: false, reason: 'invalid' });
    assert.deepEqual(checkToken(secret, 'ev_1', tokenFor('b'.repeat(64), 'ev_1', w), t0), { ok: false, reason: 'invalid' });
    assert.deepEqual(checkToken(secret, 'ev_1', 'garbage', t0), { ok: false, reason: 'invalid' });
  });

  it('codes: 6 digits, current and previous window, older ones expired', () => {
    const w = windowOf(t0);
    const code = codeFor(secret, 'ev_1', w);
    assert.match(code, /^\d{6}$/);
    assert.notEqual(code, codeFor(secret, 'ev_1', w + 1));
    assert.equal(checkCode(secret, 'ev_1', code, t0).ok, true);
    assert.equal(checkCode(secret, 'ev_1', code, t0 + 60_000).ok, true);
    assert.deepEqual(checkCode(secret, 'ev_1', code, t0 + 120_000), { ok: false, reason: 'expired' });
    assert.deepEqual(checkCode(secret, 'ev_1', 'abcdef', t0), { ok: false, reason: 'invalid' });
  });
});
