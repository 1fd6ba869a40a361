import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { formatAttlog, parseAttlog } from '../../../adapters/zkteco/attlog.js';
import { dataQueryAttlog, formatCommands, parseCommandResults, parseCommands, parseDataQuery } from '../../../adapters/zkteco/commands.js';
import { formatUsers, parseOperlog } from '../../../adapters/zkteco/operlog.js';
import { handshakeText, parseOptions, parseStamp } from '../../../adapters/zkteco/options.js';
import { decodeBody } from '../../../adapters/zkteco/text.js';

describe('zkteco: ATTLOG bodies as firmware sends them', () => {
  it('parses CRLF lines, blank lines, missing trailing fields and a BOM', () => {
    const body = '\uFEFF1001\t2026-03-02 08:59:12\t0\t15\t0\t0\t0\r\n\r\n1002\t2026-03-02 09:01:00\t0\t1\r\n1003\t2026-03-02 09:02:00\r\n';
    const r = parseAttlog(decodeBody(Buffer.from(body, 'utf8')));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.records, [
      { pin: '1001', time: '2026-03-02 08:59:12', status: 0, verify: 15, workcode: '0' },
      { pin: '1002', time: '2026-03-02 09:01:00', status: 0, verify: 1, workcode: '' },
      { pin: '1003', time: '2026-03-02 09:02:00', status: null, verify: null, workcode: '' },
    ]);
  });

  it('reports a malformed line by its number and keeps its neighbours', () => {
    const body = ['1001\t2026-03-02 08:59:12\t0\t15', 'garbage line', '', '1002\t2026-02-30 09:00:00\t0\t1', '1003\t2026-03-02 09:00:00\tx\t1', '1004\t2026-03-02 09:03:00\t1\t15'].join('\n');
    const r = parseAttlog(body);
    assert.deepEqual(r.records.map((x) => x.pin), ['1001', '1004']);
    assert.deepEqual(r.errors.map((e) => e.line), [2, 4, 5]);
    for (const e of r.errors) assert.doesNotMatch(e.reason, /100\d|garbage/, 'reasons never quote the line');
  });

  it('keeps duplicates for the store to collapse, and round-trips the simulator format', () => {
    const records = [
      { pin: '7', time: '2026-03-02 08:00:00', status: 0, verify: 1, workcode: '0' },
      { pin: '7', time: '2026-03-02 08:00:00', status: 0, verify: 1, workcode: '0' },
    ];
    assert.deepEqual(parseAttlog(formatAttlog(records)).records, records);
  });
});

describe('zkteco: body encodings', () => {
  it('decodes UTF-8, and GBK names from older firmware', () => {
    assert.equal(decodeBody(Buffer.from('USER PIN=1\tName=张三', 'utf8')), 'USER PIN=1\tName=张三');
    const gbk = iconv.encode('USER PIN=1\tName=张三', 'gbk');
    assert.equal(decodeBody(gbk), 'USER PIN=1\tName=张三');
  });
});

describe('zkteco: OPERLOG bodies', () => {
  it('takes PIN ↔ name from USER records and acknowledges the rest', () => {
    const body = [
      'USER PIN=1001\tName=张三\tPri=0\tPasswd=\tCard=\tGrp=1',
      'OPLOG 4\t0\t2026-03-02 08:00:00\t0\t0\t0\t0',
      'FP PIN=1001\tFID=6\tSize=1184\tValid=1\tTMP=ABCD',
      'USER PIN=1002\tName=\0\0\0\tPri=14',
      'USER Name=nobody',
      'USER PIN=1003\tName=Li Lei',
    ].join('\r\n');
    const r = parseOperlog(body);
    assert.deepEqual(r.records, [
      { pin: '1001', name: '张三' },
      { pin: '1002', name: null },
      { pin: '1003', name: 'Li Lei' },
    ]);
    assert.equal(r.operations, 1);
    assert.equal(r.other, 1);
    assert.deepEqual(r.errors, [{ line: 5, reason: 'USER record without a valid PIN' }]);
    assert.deepEqual(parseOperlog(formatUsers([{ pin: '9', name: '王芳' }])).records, [{ pin: '9', name: '王芳' }]);
  });
});

describe('zkteco: handshake and commands', () => {
  it('answers the committed stamps and the zone offset', () => {
    const t = handshakeText({ sn: 'A1', attlogStamp: 42, operlogStamp: 7, timezone: 'Asia/Kolkata', now: Date.parse('2026-03-02T00:00:00Z'), errorDelay: 5 });
    const o = parseOptions(t);
    assert.ok(t.startsWith('GET OPTION FROM: A1\n'));
    assert.equal(o.get('ATTLOGStamp'), '42');
    assert.equal(o.get('OPERLOGStamp'), '7');
    assert.equal(o.get('ErrorDelay'), '5');
    assert.equal(o.get('TimeZone'), '5.5');
    assert.equal(parseStamp('None'), null);
    assert.equal(parseStamp(' 9999 '), 9999);
  });

  it('formats DATA QUERY commands and parses results', () => {
    const cmd = dataQueryAttlog({ start: '2026-03-01 00:00:00', end: '2026-03-02 00:00:00' });
    assert.equal(cmd, 'DATA QUERY ATTLOG StartTime=2026-03-01 00:00:00\tEndTime=2026-03-02 00:00:00');
    assert.equal(formatCommands([]), 'OK');
    assert.deepEqual(parseCommands(formatCommands([{ id: 7, command: cmd }])), [{ id: 7, command: cmd }]);
    assert.deepEqual(parseDataQuery(cmd), { start: '2026-03-01 00:00:00', end: '2026-03-02 00:00:00' });
    assert.equal(parseDataQuery('REBOOT'), null);
    assert.deepEqual(parseCommandResults('ID=7&Return=0&CMD=DATA\nID=8&Return=-1002&CMD=DATA\nnonsense\n'), [
      { id: 7, returnCode: 0, cmd: 'DATA' },
      { id: 8, returnCode: -1002, cmd: 'DATA' },
    ]);
  });
});
