import { computeDay, type OvertimePolicyInput } from '../../src/rules/index.js';
import { assertFields, at, leave, officeDay, officeShift } from './fixtures.js';

const withOt = (overtime: OvertimePolicyInput, extra = {}) => officeShift({ overtime, ...extra });
const otRequest = (from: string, to: string, status: 'approved' | 'pending' = 'approved', date = '2026-03-02') => ({
  type: 'overtime' as const, start: at(from, date), end: at(to, date), status,
});

describe('rules: overtime', () => {
  describe('punch mode on a workday', () => {
    const punch = (out: string, policy: OvertimePolicyInput = {}, extra = {}) =>
      computeDay(officeDay({ shift: withOt({ mode: 'punch', ...policy }, extra), punches: [at('09:00'), at(out)] }));

    it('counts from the scheduled end plus startAfter, then min, units and cap', () => {
      assertFields(punch('18:50'), { overtimeMinutes: 0 }); // 20 < min 30
      assertFields(punch('19:00'), { overtimeMinutes: 30 });
      assertFields(punch('20:10'), { overtimeMinutes: 90 });
      assertFields(punch('22:00'), { overtimeMinutes: 210 });
      assertFields(punch('23:59'), { overtimeMinutes: 0, unmatched: [at('23:59')] }); // beyond the out-window
      assertFields(punch('23:59', {}, { windowAfterMinutes: 600 }), { overtimeMinutes: 240 }); // maxMinutes default
      assertFields(punch('20:10', { maxMinutes: 60 }), { overtimeMinutes: 60 });
      assertFields(punch('20:10', { maxMinutes: null }), { overtimeMinutes: 90 });
      assertFields(punch('20:10', { unitMinutes: 15, minMinutes: 0, startAfterMinutes: 0 }), { overtimeMinutes: 120 });
      assertFields(punch('18:10', { unitMinutes: 1, minMinutes: 0, startAfterMinutes: 0 }), { overtimeMinutes: 10 });
    });

    it('needs the last segment’s out punch', () => {
      assertFields(computeDay(officeDay({ shift: withOt({ mode: 'punch' }), punches: [at('09:00')] })), { overtimeMinutes: 0 });
    });

    it('uses the flex-shifted end but not an end moved by leave', () => {
      const flexed = computeDay(officeDay({
        shift: withOt({ mode: 'punch' }, { flex: { lateArriveMinutes: 30 } }), punches: [at('09:20'), at('20:20')],
      }));
      assertFields(flexed, { overtimeMinutes: 90 });
      const leaveAtEnd = computeDay(officeDay({
        shift: withOt({ mode: 'punch' }), requests: [leave('annual', '16:00', '18:00')], punches: [at('09:00'), at('19:00')],
      }));
      assertFields(leaveAtEnd, { overtimeMinutes: 30, status: 'normal' });
    });

    it('makeup days are workdays for overtime', () => {
      const r = computeDay(officeDay({ dayType: 'makeup', shift: withOt({ mode: 'punch' }), punches: [at('09:00'), at('20:10')] }));
      assertFields(r, { overtimeMinutes: 90, overtimeDayType: 'workday' });
    });
  });

  describe('rest days and holidays', () => {
    it('with a shift: presence from the first to the last taken punch, capped at restDayMaxMinutes', () => {
      const r = computeDay(officeDay({ dayType: 'restday', shift: withOt({ mode: 'punch' }), punches: [at('08:50'), at('18:30')] }));
      assertFields(r, { overtimeMinutes: 570, overtimeDayType: 'restday', status: 'normal' });
      const capped = computeDay(officeDay({
        dayType: 'holiday', shift: withOt({ mode: 'punch', restDayMaxMinutes: 300 }), punches: [at('08:50'), at('18:30')],
      }));
      assertFields(capped, { overtimeMinutes: 300, overtimeDayType: 'holiday' });
    });

    it('without a shift the rule group policy applies to the local date’s punches', () => {
      const r = computeDay({
        date: '2026-05-01', dayType: 'holiday', shift: null, overtime: { mode: 'punch', restDayMaxMinutes: 240 },
        punches: [at('08:00', '2026-05-01'), at('17:00', '2026-05-01'), at('07:00', '2026-05-02')],
      });
      assertFields(r, { status: 'rest', overtimeMinutes: 240, overtimeDayType: 'holiday', unmatched: [at('07:00', '2026-05-02')] });
      assertFields(computeDay({ date: '2026-05-01', shift: null, punches: [at('08:00', '2026-05-01'), at('17:00', '2026-05-01')] }), {
        overtimeMinutes: 0,
      });
    });

    it('rejected punches are not presence', () => {
      const r = computeDay({
        date: '2026-03-07', shift: null, overtime: { mode: 'punch' }, outOfRange: 'reject',
        punches: [at('10:00', '2026-03-07'), { at: at('20:00', '2026-03-07'), location: 'outside' }, at('12:00', '2026-03-07')],
      });
      assertFields(r, { overtimeMinutes: 120, unmatched: [at('20:00', '2026-03-07')] });
    });
  });

  describe('approval mode', () => {
    it('counts approved overtime requests without punches', () => {
      const r = computeDay(officeDay({
        shift: withOt({ mode: 'approval' }), requests: [otRequest('18:30', '21:10'), otRequest('21:10', '23:00', 'pending')],
      }));
      assertFields(r, { overtimeMinutes: 150 });
    });

    it('overlapping requests count once; rest-day cap applies', () => {
      const r = computeDay({
        date: '2026-03-07', shift: null, overtime: { mode: 'approval', restDayMaxMinutes: 360 },
        requests: [otRequest('09:00', '15:00', 'approved', '2026-03-07'), otRequest('14:00', '18:00', 'approved', '2026-03-07')],
      });
      assertFields(r, { overtimeMinutes: 360, overtimeDayType: 'restday' });
    });
  });

  describe('approval-and-punch mode', () => {
    it('is the overlap of approved intervals with presence, startAfter not applied', () => {
      const r = computeDay(officeDay({
        shift: withOt({ mode: 'approval-and-punch' }), requests: [otRequest('18:00', '21:00')], punches: [at('09:00'), at('20:10')],
      }));
      assertFields(r, { overtimeMinutes: 120 });
      const noPunch = computeDay(officeDay({ shift: withOt({ mode: 'approval-and-punch' }), requests: [otRequest('18:00', '21:00')] }));
      assertFields(noPunch, { overtimeMinutes: 0 });
    });

    it('on a rest day, presence is the local date’s punches', () => {
      const r = computeDay({
        date: '2026-03-07', shift: null, overtime: { mode: 'approval-and-punch', minMinutes: 60 },
        requests: [otRequest('09:00', '12:00', 'approved', '2026-03-07')],
        punches: [at('11:20', '2026-03-07'), at('16:00', '2026-03-07')],
      });
      assertFields(r, { overtimeMinutes: 0 }); // 40 < 60
    });
  });
});
