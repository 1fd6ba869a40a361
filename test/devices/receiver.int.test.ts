import assert from 'node:assert/strict';
import request from 'supertest';
import { ManualClock } from '../../src/clock.js';
import { queueDataQuery } from '../../src/devices/commands.js';
import { addDevice, findDevice } from '../../src/devices/registry.js';
import { describeEachDb } from '../support/db.js';
import { ZONE, captureLogger, count, deviceApp } from './helpers.js';

/** A real-world shaped upload: BOM, CRLF, a missing trailing field, a duplicate, a blank line, a malformed line. */
const BODY = [
  '\uFEFF1001\t2026-03-02 08:59:12\t0\t15\t0\t0\t0',
  '1002\t2026-03-02 09:01:07\t0\t1',
  '1001\t2026-03-02 08:59:12\t0\t15\t0\t0\t0',
  '',
  '1003\t2026-03-02 25:00:00\t0\t1',
  '1003\t2026-03-02 09:04:00',
].join('\r\n') + '\r\n';

describeEachDb('devices: the /iclock receiver', (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T02:00:00Z'));
  const keys = async (serial: string) => ((await t.db('callback_inbox').where('event_key', 'like', `${serial}:%`).orderBy('event_key')) as { event_key: string; state: string }[]).map((r) => `${r.event_key} ${r.state}`);

  it('registers an unknown serial as quarantined on its handshake and answers stamps as plain text', async () => {
    const res = await request(deviceApp(t.db, clock)).get('/iclock/cdata?SN=NEW1&options=all&pushver=2.4.1').expect(200);
    assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
    assert.match(res.text, /^GET OPTION FROM: NEW1\nATTLOGStamp=0\nOPERLOGStamp=0\n/);
    assert.match(res.text, /\nTimeZone=8\n/);
    const device = await findDevice(t.db, 'NEW1');
    assert.equal(device?.state, 'quarantined');
    assert.equal(device?.lastSeenAt, clock.now());
  });

  it('stores exactly the well-formed records before answering OK, reports the bad line by number only, and advances the stamp', async () => {
    await addDevice(t.db, 'GATE1', { timezone: ZONE }, clock.now());
    const { logger, lines } = captureLogger();
    const res = await request(deviceApp(t.db, clock, { logger })).post('/iclock/cdata?SN=GATE1&table=ATTLOG&Stamp=105').type('text/plain').send(BODY).expect(200);
    assert.equal(res.text, 'OK: 4');
    assert.deepEqual(await keys('GATE1'), ['GATE1:1001:2026-03-02 08:59:12 pending', 'GATE1:1002:2026-03-02 09:01:07 pending', 'GATE1:1003:2026-03-02 09:04:00 pending']);
    const payload = JSON.parse(((await t.db('callback_inbox').where('event_key', 'GATE1:1003:2026-03-02 09:04:00').first()) as { payload: string }).payload);
    assert.deepEqual(payload, { sn: 'GATE1', pin: '1003', time: '2026-03-02 09:04:00', status: null, verify: null, workcode: '' });
    const skipped = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'device record skipped');
    assert.deepEqual(skipped.map((l) => [l.line, l.table]), [[5, 'ATTLOG']]);
    assert.ok(lines.every((l) => !l.includes('25:00:00') && !l.includes('1003')), 'no record content in the log');
    assert.equal((await findDevice(t.db, 'GATE1'))?.attlogStamp, 105);
    const hs = await request(deviceApp(t.db, clock)).get('/iclock/cdata?SN=GATE1&options=all').expect(200);
    assert.match(hs.text, /\nATTLOGStamp=105\n/);
  });

  it('stores a resend once', async () => {
    await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=GATE1&table=ATTLOG&Stamp=105').type('text/plain').send(BODY).expect(200, 'OK: 4');
    assert.equal(await count(t.db, 'callback_inbox', { vendor: 'zkteco' }), 3);
  });

  it('answers 503 when the database cannot store, leaving the stamp where it was, and the resend loses nothing', async () => {
    const body = '1004\t2026-03-02 09:10:00\t0\t15\r\n1005\t2026-03-02 09:11:00\t0\t15\r\n';
    await t.db.schema.renameTable('callback_inbox', 'callback_inbox_away');
    try {
      const res = await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=GATE1&table=ATTLOG&Stamp=107').type('text/plain').send(body).expect(503);
      assert.equal(res.body.error.code, 'DATABASE_UNAVAILABLE');
    } finally {
      await t.db.schema.renameTable('callback_inbox_away', 'callback_inbox');
    }
    const hs = await request(deviceApp(t.db, clock)).get('/iclock/cdata?SN=GATE1&options=all').expect(200);
    assert.match(hs.text, /\nATTLOGStamp=105\n/, 'the failed upload did not move the stamp');
    await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=GATE1&table=ATTLOG&Stamp=107').type('text/plain').send(body).expect(200, 'OK: 2');
    assert.equal(await count(t.db, 'callback_inbox', { vendor: 'zkteco' }), 5);
    assert.equal((await findDevice(t.db, 'GATE1'))?.attlogStamp, 107);
  });

  it('bounds every body (413) and refuses requests without a serial (400)', async () => {
    const big = `${'1001\t2026-03-02 08:00:00\t0\t1\r\n'.repeat(200)}`;
    await request(deviceApp(t.db, clock, { bodyLimit: '1kb' })).post('/iclock/cdata?SN=GATE1&table=ATTLOG&Stamp=200').type('text/plain').send(big).expect(413);
    await request(deviceApp(t.db, clock, { bodyLimit: '1kb' })).post('/iclock/devicecmd?SN=GATE1').type('text/plain').send(big).expect(413);
    await request(deviceApp(t.db, clock)).get('/iclock/cdata?options=all').expect(400);
    await request(deviceApp(t.db, clock)).get('/iclock/cdata?SN=bad%20serial').expect(400);
    assert.equal((await findDevice(t.db, 'GATE1'))?.attlogStamp, 107);
  });

  it('keeps the PIN ↔ name directory from mixed OPERLOG uploads and acknowledges everything else', async () => {
    const body = ['USER PIN=1001\tName=张三\tPri=0\tPasswd=\tCard=\tGrp=1', 'OPLOG 4\t0\t2026-03-02 08:00:00\t0\t0\t0\t0', 'FP PIN=1001\tFID=6\tTMP=AAAA', 'USER PIN=1002\tName=Li Lei'].join('\n');
    const res = await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=GATE1&table=OPERLOG&OpStamp=9').type('text/plain').send(body).expect(200);
    assert.equal(res.text, 'OK: 4');
    const users = (await t.db('device_users').where('serial', 'GATE1').orderBy('pin')) as { pin: string; name: string }[];
    assert.deepEqual(users.map((u) => [u.pin, u.name]), [['1001', '张三'], ['1002', 'Li Lei']]);
    assert.equal((await findDevice(t.db, 'GATE1'))?.operlogStamp, 9);
    await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=GATE1&table=ATTPHOTO&Stamp=3').send('binary').expect(200, 'OK');
  });

  it('delivers queued commands one per poll, OK when none, and records results', async () => {
    const id = await queueDataQuery(t.db, 'GATE1', { start: '2026-03-01 00:00:00', end: '2026-03-02 00:00:00' }, clock.now());
    assert.equal(await queueDataQuery(t.db, 'GATE1', { start: '2026-03-01 00:00:00', end: '2026-03-02 00:00:00' }, clock.now()), id, 'the same range is queued once');
    const poll = await request(deviceApp(t.db, clock)).get('/iclock/getrequest?SN=GATE1').expect(200);
    assert.equal(poll.text, `C:${id}:DATA QUERY ATTLOG StartTime=2026-03-01 00:00:00\tEndTime=2026-03-02 00:00:00\n`);
    await request(deviceApp(t.db, clock)).get('/iclock/getrequest?SN=GATE1').expect(200, 'OK');
    await request(deviceApp(t.db, clock)).post('/iclock/devicecmd?SN=GATE1').type('text/plain').send(`ID=${id}&Return=0&CMD=DATA\n`).expect(200, 'OK');
    const row = (await t.db('device_commands').where('id', id).first()) as { state: string; return_code: number };
    assert.equal(row.state, 'done');
    assert.equal(Number(row.return_code), 0);
  });

  it('takes a device whose stamps restarted, and queues a DATA QUERY for the span it may have skipped', async () => {
    const res = await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=GATE1&table=ATTLOG&Stamp=3').type('text/plain').send('1001\t2026-03-02 17:30:00\t1\t15\r\n').expect(200);
    assert.equal(res.text, 'OK: 1');
    const device = await findDevice(t.db, 'GATE1');
    assert.equal(device?.attlogStamp, 3);
    assert.equal(device?.attlogLastAt, '2026-03-02 17:30:00');
    const poll = await request(deviceApp(t.db, clock)).get('/iclock/getrequest?SN=GATE1').expect(200);
    assert.match(poll.text, /^C:\d+:DATA QUERY ATTLOG StartTime=2026-03-02 09:11:00\tEndTime=2026-03-02 17:30:00\n$/);
    // The answer to that query (old records, a low stamp) is not a new gap and leaves the stamp alone.
    await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=GATE1&table=ATTLOG&Stamp=2').type('text/plain').send('1004\t2026-03-02 09:10:00\t0\t15\r\n').expect(200, 'OK: 1');
    assert.equal((await findDevice(t.db, 'GATE1'))?.attlogStamp, 3);
    await request(deviceApp(t.db, clock)).get('/iclock/getrequest?SN=GATE1').expect(200, 'OK');
  });

  it('refuses a device outside its allowed networks (403) without counting it as contact', async () => {
    await addDevice(t.db, 'LAB1', { timezone: ZONE, allowedNetworks: ['10.0.0.0/8'] }, clock.now());
    clock.advance(1000);
    await request(deviceApp(t.db, clock)).get('/iclock/cdata?SN=LAB1&options=all').set('X-Forwarded-For', '192.168.5.5').expect(403);
    await request(deviceApp(t.db, clock)).post('/iclock/cdata?SN=LAB1&table=ATTLOG&Stamp=1').set('X-Forwarded-For', '192.168.5.5').type('text/plain').send('1001\t2026-03-02 09:00:00\t0\t1\r\n').expect(403);
    assert.equal(await count(t.db, 'callback_inbox', { vendor: 'zkteco', event_key: 'LAB1:1001:2026-03-02 09:00:00' }), 0);
    assert.equal((await findDevice(t.db, 'LAB1'))?.lastSeenAt, 0);
    await request(deviceApp(t.db, clock)).get('/iclock/cdata?SN=LAB1&options=all').set('X-Forwarded-For', '10.1.2.3').expect(200);
    assert.equal((await findDevice(t.db, 'LAB1'))?.lastIp, '10.1.2.3');
  });
});
