import assert from 'node:assert/strict';
import { computeDay } from '../../src/rules/index.js';
import { at, officeDay } from './fixtures.js';

const inOut = (r: ReturnType<typeof computeDay>) => r.checkpoints.map((c) => c.expected);

describe('rules: laying shifts on the clock', () => {
  it('multi-segment day: four checkpoints, breaks between segments are not worked', () => {
    const r = computeDay(officeDay({
      shift: { segments: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }] },
      punches: [at('08:50'), at('12:05'), at('12:55'), at('18:10')],
    }));
    assert.deepEqual(inOut(r), [at('09:00'), at('12:00'), at('13:00'), at('18:00')]);
    assert.equal(r.status, 'normal');
    assert.equal(r.expectedMinutes, 480);
    assert.equal(r.workedMinutes, 480);
  });

  it('cross-midnight segment ends the next day; a break before the first start is the next day', () => {
    const r = computeDay(officeDay({
      shift: { segments: [{ start: '22:00', end: '06:00' }], breaks: [{ start: '02:00', end: '03:00' }] },
      punches: [at('21:59'), at('06:00', '2026-03-03')],
    }));
    assert.deepEqual(inOut(r), [at('22:00'), at('06:00', '2026-03-03')]);
    assert.equal(r.expectedMinutes, 420);
    assert.equal(r.workedMinutes, 420);
    assert.equal(r.status, 'normal');
  });

  it('a segment starting before the previous one ends is on the next day', () => {
    const r = computeDay(officeDay({
      shift: { segments: [{ start: '22:00', end: '02:00' }, { start: '03:00', end: '07:00' }] },
      punches: [at('22:00'), at('02:00', '2026-03-03'), at('03:00', '2026-03-03'), at('07:00', '2026-03-03')],
    }));
    assert.deepEqual(inOut(r), [at('22:00'), at('02:00', '2026-03-03'), at('03:00', '2026-03-03'), at('07:00', '2026-03-03')]);
    assert.equal(r.workedMinutes, 480);
    assert.equal(r.status, 'normal');
  });

  it('accepts clock times up to 47:59 as the next day', () => {
    const r = computeDay(officeDay({ shift: { segments: [{ start: '20:00', end: '26:00' }, { start: '40:00', end: '47:59' }] } }));
    assert.deepEqual(inOut(r), [at('20:00'), at('02:00', '2026-03-03'), at('16:00', '2026-03-03'), at('23:59', '2026-03-03')]);
    assert.equal(r.expectedMinutes, 360 + 479);
  });

  describe('DST (elapsed time; skipped = offset before, repeated = first occurrence)', () => {
    const ny = (date: string, clock: string, offset: string) => `${date}T${clock}:00${offset}`;

    it('New York spring forward: a 22:00–06:00 night lasts 420 minutes', () => {
      const r = computeDay({
        timezone: 'America/New_York', date: '2026-03-07', shift: { segments: [{ start: '22:00', end: '06:00' }] },
        punches: [ny('2026-03-07', '21:55', '-05:00'), ny('2026-03-08', '06:01', '-04:00')],
      });
      assert.deepEqual(inOut(r), [ny('2026-03-07', '22:00', '-05:00'), ny('2026-03-08', '06:00', '-04:00')]);
      assert.equal(r.expectedMinutes, 420);
      assert.equal(r.workedMinutes, 420);
      assert.equal(r.status, 'normal');
    });

    it('New York fall back: a 22:00–06:00 night lasts 540 minutes', () => {
      const r = computeDay({
        timezone: 'America/New_York', date: '2026-10-31', shift: { segments: [{ start: '22:00', end: '06:00' }] },
        punches: [ny('2026-10-31', '22:00', '-04:00'), ny('2026-11-01', '05:30', '-05:00')],
      });
      assert.equal(r.expectedMinutes, 540);
      assert.equal(r.checkpoints[1]?.result, 'early');
      assert.equal(r.earlyMinutes, 30);
      assert.equal(r.workedMinutes, 510);
    });

    it('a skipped local time is read with the offset in force before the change', () => {
      const r = computeDay({ timezone: 'America/New_York', date: '2026-03-08', shift: { segments: [{ start: '02:30', end: '10:00' }] } });
      assert.deepEqual(inOut(r), [ny('2026-03-08', '03:30', '-04:00'), ny('2026-03-08', '10:00', '-04:00')]);
      assert.equal(r.expectedMinutes, 390);
    });

    it('a repeated local time means its first occurrence', () => {
      const r = computeDay({ timezone: 'America/New_York', date: '2026-11-01', shift: { segments: [{ start: '01:30', end: '09:00' }] } });
      assert.deepEqual(inOut(r), [ny('2026-11-01', '01:30', '-04:00'), ny('2026-11-01', '09:00', '-05:00')]);
      assert.equal(r.expectedMinutes, 510);
    });

    it('Berlin: night shifts across both changes; late minutes are elapsed minutes', () => {
      const spring = computeDay({ timezone: 'Europe/Berlin', date: '2026-03-28', shift: { segments: [{ start: '22:00', end: '06:00' }] } });
      const autumn = computeDay({ timezone: 'Europe/Berlin', date: '2026-10-24', shift: { segments: [{ start: '22:00', end: '06:00' }] } });
      assert.equal(spring.expectedMinutes, 420);
      assert.equal(autumn.expectedMinutes, 540);
      // 01:00 → 03:30 local across the spring gap is 90 elapsed minutes.
      const late = computeDay({
        timezone: 'Europe/Berlin', date: '2026-03-29', shift: { segments: [{ start: '01:00', end: '09:00' }] },
        punches: ['2026-03-29T03:30:00+02:00', '2026-03-29T09:00:00+02:00'],
      });
      assert.equal(late.lateMinutes, 90);
      assert.equal(late.expectedMinutes, 420);
    });
  });
});
