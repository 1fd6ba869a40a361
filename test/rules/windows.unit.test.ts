import assert from 'node:assert/strict';
import { computeDay } from '../../src/rules/index.js';
import { at, leave, officeDay, officeShift } from './fixtures.js';

const twoSegments = officeShift({ segments: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }], breaks: [] });

describe('rules: punch windows', () => {
  it('the split point (13:30) belongs to the out checkpoint', () => {
    const onSplit = computeDay(officeDay({ punches: [at('08:59'), at('13:30')] }));
    assert.equal(onSplit.checkpoints[1]?.actual, at('13:30'));
    assert.equal(onSplit.checkpoints[1]?.result, 'early');
    const beforeSplit = computeDay(officeDay({ punches: [at('08:59'), at('13:29')] }));
    assert.equal(beforeSplit.checkpoints[1]?.result, 'missing');
    assert.deepEqual(beforeSplit.unmatched, []); // 13:29 is evidence in the in-window
  });

  it('window edges: in-window opens at in − before, out-window closes at out + after inclusive', () => {
    const r = computeDay(officeDay({ punches: [at('06:59'), at('07:00'), at('22:00'), at('22:01')] }));
    assert.equal(r.checkpoints[0]?.actual, at('07:00'));
    assert.equal(r.checkpoints[1]?.actual, at('22:00'));
    assert.deepEqual(r.unmatched, [at('06:59'), at('22:01')]);
  });

  it('between segments, the gap midpoint goes to the later checkpoint', () => {
    const onMid = computeDay(officeDay({ shift: twoSegments, punches: [at('09:00'), at('12:30'), at('18:00')] }));
    assert.equal(onMid.checkpoints[1]?.result, 'missing');
    assert.equal(onMid.checkpoints[2]?.actual, at('12:30'));
    const beforeMid = computeDay(officeDay({ shift: twoSegments, punches: [at('09:00'), at('12:29'), at('18:00')] }));
    assert.equal(beforeMid.checkpoints[1]?.actual, at('12:29'));
    assert.equal(beforeMid.checkpoints[2]?.result, 'missing');
  });

  it('neighbours clip the windows at the midpoint of the gap, each usable alone', () => {
    const punches = [at('07:29'), at('07:30'), at('20:59'), at('21:00')];
    const prevOnly = computeDay(officeDay({ punches, neighbours: { previousEnd: at('06:00') } }));
    assert.equal(prevOnly.checkpoints[0]?.actual, at('07:30'));
    assert.equal(prevOnly.checkpoints[1]?.actual, at('21:00'));
    assert.deepEqual(prevOnly.unmatched, [at('07:29')]);
    const nextOnly = computeDay(officeDay({ punches, neighbours: { nextStart: at('00:00', '2026-03-03') } }));
    assert.equal(nextOnly.checkpoints[0]?.actual, at('07:29'));
    assert.equal(nextOnly.checkpoints[1]?.actual, at('20:59'));
    assert.deepEqual(nextOnly.unmatched, [at('21:00')]);
  });

  it('a fully covered segment has no windows', () => {
    const r = computeDay(officeDay({
      shift: twoSegments,
      requests: [leave('annual', '09:00', '12:00')],
      punches: [at('10:00'), at('12:40'), at('18:00')],
    }));
    assert.deepEqual(r.checkpoints.map((c) => c.result), ['covered', 'covered', 'normal', 'normal']);
    assert.deepEqual(r.unmatched, [at('10:00')]);
    assert.equal(r.status, 'normal');
  });
});

describe('rules: punches', () => {
  it('truncates to the minute before judging: 09:05:59 is 09:05', () => {
    const shift = officeShift({ lateGraceMinutes: 5 });
    const r = computeDay(officeDay({ shift, punches: ['2026-03-02T09:05:59+08:00', at('18:00')] }));
    assert.equal(r.status, 'normal');
    assert.equal(r.checkpoints[0]?.actual, at('09:05'));
    const late = computeDay(officeDay({ shift, punches: ['2026-03-02T09:06:00+08:00', at('18:00')] }));
    assert.equal(late.lateMinutes, 6);
  });

  it('punches in the same minute are one punch; input in other offsets is fine', () => {
    const r = computeDay(officeDay({ punches: ['2026-03-02T08:58:10+08:00', '2026-03-02T00:58:40Z', at('18:00'), '2026-03-02T18:00:30+08:00'] }));
    assert.equal(r.checkpoints[0]?.actual, at('08:58'));
    assert.deepEqual(r.unmatched, []);
    assert.equal(r.status, 'normal');
  });

  it('an inside punch wins over an outside one in the same minute; uncertain is inside', () => {
    const mixed = [{ at: at('08:58'), location: 'outside' as const }, { at: '2026-03-02T08:58:40+08:00', location: 'uncertain' as const }, at('18:00')];
    for (const outOfRange of ['exception', 'reject'] as const) {
      const r = computeDay(officeDay({ outOfRange, punches: mixed }));
      assert.equal(r.status, 'normal', outOfRange);
      assert.equal(r.locationExceptionCount, 0);
      assert.deepEqual(r.unmatched, []);
      assert.equal(r.checkpoints[0]?.location, undefined);
    }
  });

  it('unmatched: punches outside every window (a neighbouring date’s too) and rejected ones, in time order', () => {
    const r = computeDay(officeDay({
      outOfRange: 'reject',
      punches: [at('23:30'), at('09:10'), { at: at('17:00'), location: 'outside' }, at('08:50'), at('05:30'), at('18:00')],
    }));
    assert.deepEqual(r.unmatched, [at('05:30'), at('17:00'), at('23:30')]);
    assert.equal(r.checkpoints[0]?.actual, at('08:50')); // 09:10 is evidence, not unmatched
    assert.equal(r.status, 'normal');
  });

  it('a correction is truncated, inside, and survives the reject policy', () => {
    const r = computeDay(officeDay({
      outOfRange: 'reject',
      requests: [{ type: 'correction', start: '2026-03-02T09:00:45+08:00', status: 'approved' }],
      punches: [{ at: at('18:00'), location: 'outside' }, at('18:01')],
    }));
    assert.equal(r.checkpoints[0]?.actual, at('09:00'));
    assert.equal(r.status, 'normal');
    assert.deepEqual(r.unmatched, [at('18:00')]);
  });

  it('a pending correction adds nothing', () => {
    const r = computeDay(officeDay({ requests: [{ type: 'correction', start: at('09:00'), status: 'pending' }], punches: [at('18:00')] }));
    assert.equal(r.missingCount, 1);
    assert.ok(r.reasons.some((x) => x.includes('pending')));
  });
});
