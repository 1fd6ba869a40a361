import assert from 'node:assert/strict';
import { formatLocal, fromExcelSerial, parseDate, parseDateTime } from '../../src/import/cells.js';
import { mapHeader } from '../../src/import/columns.js';

describe('import header mapping', () => {
  it('accepts English, Chinese and bilingual names in any order and case', () => {
    const { header, problems } = mapHeader('punches', ['打卡时间', ' Employee ', 'note（备注）'], 1);
    assert.deepEqual(problems, []);
    assert.equal(header.layout, 'narrow');
    if (header.layout !== 'narrow') return;
    assert.deepEqual(Object.fromEntries(header.index), { time: 0, employee: 1, note: 2 });
  });

  it('reports unknown, repeated and missing columns at once', () => {
    const { problems } = mapHeader('requests', ['employee', 'tpye', '工号', 'start', 'end'], 1);
    assert.deepEqual(
      problems.map((p) => [p.column, p.code]),
      [['tpye', 'unknown_column'], ['employee', 'duplicate_column'], ['type', 'missing_column']],
    );
    assert.match(problems[0]?.message ?? '', /unknown column "tpye"; expected employee \(工号\), type \(类型\)/);
  });

  it('detects the wide roster layout, with text or Excel-serial date headings', () => {
    const { header, problems } = mapHeader('roster', ['工号', '2026-03-01', 46083, '', 'total'], 1);
    assert.equal(header.layout, 'wide');
    if (header.layout !== 'wide') return;
    assert.deepEqual(header.dates, [{ index: 1, date: '2026-03-01' }, { index: 2, date: '2026-03-02' }]);
    assert.deepEqual(problems.map((p) => [p.column, p.code]), [['total', 'unknown_column']]);
  });

  it('a narrow roster header stays narrow and needs its three columns', () => {
    const { header, problems } = mapHeader('roster', ['employee', 'date'], 1);
    assert.equal(header.layout, 'narrow');
    assert.deepEqual(problems.map((p) => [p.column, p.code]), [['shift', 'missing_column']]);
    assert.equal(mapHeader('punches', ['employee', '2026-03-01'], 1).header.layout, 'narrow', 'only rosters are wide');
  });
});

describe('import cell parsing', () => {
  it('parses local dates and times, with or without seconds', () => {
    const r = parseDateTime('2026-03-02 8:05:09', 'x');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { date: '2026-03-02', minutes: 485, seconds: 9, hasTime: true });
    assert.equal(formatLocal(r.value), '2026-03-02 08:05:09');
    const d = parseDateTime('2026-03-02', 'x');
    assert.ok(d.ok && !d.value.hasTime);
  });

  it('names impossible dates and times and malformed text', () => {
    const cases: [string, string, RegExp][] = [
      ['2026-02-30 09:00', 'bad_date', /"2026-02-30 09:00" is not a date/],
      ['2026-03-02 24:00', 'bad_time', /is not a time of day/],
      ['02/03/2026 09:00', 'bad_date', /expected YYYY-MM-DD HH:MM/],
      ['', 'bad_date', /expected/],
    ];
    for (const [text, code, message] of cases) {
      const r = parseDateTime(text, 'YYYY-MM-DD HH:MM');
      assert.ok(!r.ok, text);
      assert.equal(r.code, code, text);
      assert.match(r.message, message, text);
    }
  });

  it('reads Excel serials and Dates as wall-clock time', () => {
    assert.deepEqual(fromExcelSerial(46083.375), { date: '2026-03-02', minutes: 540, seconds: 0, hasTime: true });
    assert.equal(fromExcelSerial(-3), null);
    const midnight = parseDateTime(new Date(Date.UTC(2026, 2, 2)), 'x', true);
    assert.ok(midnight.ok && midnight.value.hasTime, 'an Excel date-time at 00:00 is a time when one is required');
    const date = parseDate(46083);
    assert.deepEqual(date, { ok: true, value: '2026-03-02' });
    assert.equal(parseDate('2026-03-02 10:00').ok, false);
  });
});
