import assert from 'node:assert/strict';
import request from 'supertest';
import { ManualClock } from '../../../src/clock.js';
import { createWecomSandbox } from '../../../adapters/wecom/sandbox/index.js';

const TODAY = '2026-11-25';
const NOW = Date.parse('2026-11-25T10:00:00+08:00');
const day = (d: string) => Math.floor(Date.parse(`${d}T00:00:00+08:00`) / 1000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped vendor JSON, asserted field by field
type Body = Record<string, any>;

function setup(employees = 130) {
  const { app, state } = createWecomSandbox({ employees, days: 31, seed: 9, today: TODAY, clock: new ManualClock(NOW) });
  let t = '';
  const post = async (path: string, body: object) => {
    if (!t) t = (await request(app).get('/cgi-bin/gettoken').query({ corpid: state.creds.corpId, corpsecret: state.creds.secret })).body.access_token;
    const r = await request(app).post(path).query({ access_token: t }).send(body);
    return r.body as Body;
  };
  const get = async (path: string, q: Record<string, string> = {}) => {
    if (!t) t = (await request(app).get('/cgi-bin/gettoken').query({ corpid: state.creds.corpId, corpsecret: state.creds.secret })).body.access_token;
    return (await request(app).get(path).query({ ...q, access_token: t })).body as Body;
  };
  return { app, state, post, get };
}

describe('wecom sandbox — a full pull equals truth', () => {
  it('users, departments, punches (without synthetic 未打卡 rows) and approvals', async () => {
    const { app, post, get } = setup();
    const truth = (await request(app).get('/__sandbox/truth')).body;
    assert.equal(truth.from, '2026-10-25');
    assert.equal(truth.to, '2026-11-24');
    const depts = await get('/cgi-bin/department/list');
    assert.equal(depts['department'].length, truth.counts.departments);
    const users: string[] = [];
    let cursor = '';
    do {
      const r = await post('/cgi-bin/user/list_id', cursor ? { cursor, limit: 50 } : { limit: 50 });
      users.push(...r['dept_user'].map((x: { userid: string }) => x.userid));
      cursor = r['next_cursor'];
    } while (cursor);
    assert.equal(new Set(users).size, truth.counts.users);
    // Punches: 100-user chunks × windows of at most 30 days, [from 00:00, today 00:00).
    const windows = [[day('2026-10-25'), day('2026-11-24') - 1], [day('2026-11-24'), day(TODAY) - 1]];
    let punches = 0;
    let missed = 0;
    for (let i = 0; i < users.length; i += 100) {
      for (const [s, e] of windows) {
        const r = await post('/cgi-bin/checkin/getcheckindata', { opencheckindatatype: 3, starttime: s, endtime: e, useridlist: users.slice(i, i + 100) });
        assert.equal(r['errcode'], 0);
        for (const rec of r['checkindata'] as { exception_type: string }[]) {
          if (rec.exception_type.includes('未打卡')) missed++;
          else punches++;
        }
      }
    }
    assert.equal(punches, truth.counts.punches);
    assert.ok(missed > 0, 'missed checkpoints are reported as synthetic rows');
    const spNos = new Set<string>();
    let next = '';
    do {
      const r = await post('/cgi-bin/oa/getapprovalinfo', { starttime: day('2026-10-25'), endtime: day(TODAY) - 1, new_cursor: next, size: 100 });
      assert.equal(r['errcode'], 0);
      for (const n of r['sp_no_list']) spNos.add(n);
      next = r['new_next_cursor'];
    } while (next);
    assert.equal(spNos.size, truth.counts.approvals);
    const calls = (await request(app).get('/__sandbox/truth')).body.calls;
    assert.equal(calls['/cgi-bin/checkin/getcheckindata'], 4);
  });

  it('getapprovalinfo validates span and size, filters by record_type; details carry the §11.2 controls', async () => {
    const { post, state } = setup(60);
    const s = day('2026-10-25');
    assert.equal((await post('/cgi-bin/oa/getapprovalinfo', { starttime: s, endtime: s + 32 * 86400 })).errcode, 301025);
    assert.equal((await post('/cgi-bin/oa/getapprovalinfo', { starttime: s, endtime: s + 86400, size: 101 })).errcode, 301025);
    const leaves = await post('/cgi-bin/oa/getapprovalinfo', { starttime: String(s), endtime: String(s + 31 * 86400), filters: [{ key: 'record_type', value: '1' }] });
    const expected = state.approvals.filter((a) => a.type === 'leave' || a.type === 'time_off').length;
    assert.equal(leaves['sp_no_list'].length, Math.min(100, expected));
    const kinds = new Map<string, string>();
    for (const a of state.approvals) if (!kinds.has(a.type)) kinds.set(a.type, a.id);
    const control = async (type: string) => {
      const d = await post('/cgi-bin/oa/getapprovaldetail', { sp_no: kinds.get(type) });
      assert.equal(d['errcode'], 0);
      assert.ok([1, 2, 3, 4].includes(d['info'].sp_status));
      return d['info'].apply_data.contents[0];
    };
    const leave = await control('leave');
    assert.equal(leave.control, 'Vacation');
    assert.ok(['hour', 'halfday'].includes(leave.value.vacation.attendance.date_range.type));
    assert.equal((await control('overtime')).value.attendance.type, 5);
    assert.equal((await control('trip')).value.attendance.type, 3);
    const pc = await control('correction');
    assert.equal(pc.control, 'PunchCorrection');
    assert.equal(pc.value.punch_correction.version, 1);
    assert.equal((await post('/cgi-bin/oa/getapprovaldetail', { sp_no: '209901010001' })).errcode, 301025);
  });

  it('getcorpcheckinoption expresses groups: seconds-of-day, ms grace, cross-midnight night shift, breaks', async () => {
    const { post } = setup(30);
    const r = await post('/cgi-bin/checkin/getcorpcheckinoption', {});
    const [office, flex, ops] = r['group'];
    assert.equal(office.grouptype, 1);
    assert.deepEqual(office.checkindate[0].workdays, [1, 2, 3, 4, 5]);
    assert.deepEqual([office.checkindate[0].checkintime[0].work_sec, office.checkindate[0].checkintime[0].off_work_sec], [32400, 64800]);
    assert.equal(office.checkindate[0].flex_on_duty_time, 5 * 60_000);
    assert.deepEqual([office.schedulelist[0].time_section[0].rest_begin_time, office.schedulelist[0].time_section[0].rest_end_time], [43200, 46800]);
    assert.equal(flex.schedulelist[0].max_allow_arrive_late, 3600);
    assert.equal(ops.grouptype, 2);
    const night = ops.schedulelist.find((s: { schedule_name: string }) => s.schedule_name.startsWith('夜班'));
    assert.deepEqual([night.time_section[0].work_sec, night.time_section[0].off_work_sec], [79200, 108000]);
  });

  it('daily report judges late arrivals like the records do', async () => {
    const { post, state } = setup(60);
    const late = state.company.punches.find((p) => p.exception === 'late' && state.company.groups[0]?.employeeKeys.includes(p.employeeKey));
    assert.ok(late);
    const date = state.cal.dateOf(late.at);
    const r = await post('/cgi-bin/checkin/getcheckin_daydata', { starttime: day(date), endtime: day(date), useridlist: [late.employeeKey] });
    const row = r['datas'][0];
    assert.equal(row.base_info.acctid, late.employeeKey);
    assert.equal(row.base_info.day_type, 0);
    assert.ok(row.exception_infos.some((x: { exception: number }) => x.exception === 1));
    const m = await post('/cgi-bin/checkin/getcheckin_monthdata', { starttime: day('2026-10-25'), endtime: day('2026-11-24'), useridlist: [late.employeeKey] });
    assert.ok(m['datas'][0].summary_info.work_days >= 18);
  });
});

describe('wecom sandbox — writes', () => {
  it('add_checkin_record and punch_correction become punches; truth counts the writes', async () => {
    const { app, post, state } = setup(20);
    const u = state.company.employees.find((e) => e.groupKey === 'office');
    assert.ok(u);
    const before = (await request(app).get('/__sandbox/truth')).body;
    const at = day('2026-11-24') + 9 * 3600 - 120;
    assert.equal((await post('/cgi-bin/checkin/add_checkin_record', { records: [{ userid: u.key, checkin_time: at, wifiname: 'x', wifimac: 'bad' }] })).errcode, 301083);
    assert.equal((await post('/cgi-bin/checkin/add_checkin_record', { records: Array.from({ length: 201 }, () => ({ userid: u.key, checkin_time: at })) })).errcode, 301083);
    assert.equal((await post('/cgi-bin/checkin/add_checkin_record', { records: [{ userid: u.key, checkin_time: at, device_type: 2, device_detail: 'ZK' }] })).errcode, 0);
    const rec = await post('/cgi-bin/checkin/getcheckindata', { opencheckindatatype: 3, starttime: at, endtime: at, useridlist: [u.key] });
    assert.equal(rec['checkindata'].length, 1);
    assert.equal(rec['checkindata'][0].checkin_type, '上班打卡');
    const corr = { userid: u.key, schedule_date_time: day('2026-11-24'), schedule_checkin_time: 64800, checkin_time: day('2026-11-24') + 64800 + 60, remark: '补卡' };
    assert.equal((await post('/cgi-bin/checkin/punch_correction', { ...corr, schedule_checkin_time: 12345 })).errcode, 301080);
    assert.equal((await post('/cgi-bin/checkin/punch_correction', corr)).errcode, 0);
    const after = (await request(app).get('/__sandbox/truth')).body;
    assert.equal(after.counts.punches, before.counts.punches + 2);
    assert.equal(after.writes.add_checkin_record, 1);
    assert.equal(after.writes.punch_correction, 1);
  });

  it('setcheckinschedulist only for future dates; applyevent files a pending form', async () => {
    const { post, state } = setup(60);
    const ops = state.company.groups.find((g) => g.kind === 'cycle');
    const u = ops?.employeeKeys[0];
    assert.ok(ops && u);
    const base = { groupid: 3, yearmonth: 202611 };
    assert.equal((await post('/cgi-bin/checkin/setcheckinschedulist', { ...base, items: [{ userid: u, day: 20, schedule_id: 3 }] })).errcode, 301073);
    assert.equal((await post('/cgi-bin/checkin/setcheckinschedulist', { ...base, items: [{ userid: u, day: 28, schedule_id: 3 }] })).errcode, 0);
    const sched = await post('/cgi-bin/checkin/getcheckinschedulist', { starttime: day('2026-11-28'), endtime: day('2026-11-28'), useridlist: [u] });
    assert.equal(sched['schedule_list'][0].schedule.scheduleList[0].schedule_info.schedule_id, 3);
    const apply = {
      creator_userid: u,
      template_id: '3WLJF6naF5jhnXvwisuPmE85wVMYcy2yPkNCfbSa',
      use_template_approver: 1,
      apply_data: { contents: [{ control: 'Vacation', id: 'vacation-1', value: { vacation: { selector: { type: 'single', options: [{ key: '1' }] }, attendance: { date_range: { type: 'halfday', new_begin: day('2026-12-01'), new_end: day('2026-12-02') - 1 }, type: 1 } } } }] },
    };
    const r = await post('/cgi-bin/oa/applyevent', apply);
    assert.equal(r['errcode'], 0);
    const d = await post('/cgi-bin/oa/getapprovaldetail', { sp_no: r['sp_no'] });
    assert.equal(d['info'].sp_status, 1);
    assert.equal((await post('/cgi-bin/oa/applyevent', apply)).errcode, 301079, 'overlapping leave');
    assert.equal(state.writes.applyevent, 1);
  });
});
