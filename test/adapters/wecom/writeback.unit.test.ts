import assert from 'node:assert/strict';
import nock from 'nock';
import type { WecomTenantConfig } from '../../../config/schema.js';
import { ManualClock } from '../../../src/clock.js';
import { VendorError } from '../../../src/http/vendorError.js';
import { WecomConnector } from '../../../adapters/wecom/connector.js';
import { fastRetry, testDeps } from './support.js';

const BASE = 'https://qyapi.test';
const tenant: WecomTenantConfig = { id: 't1', vendor: 'wecom', corpId: 'wwcorp', apiBase: BASE, secrets: { default: 'S' } };
const connector = () => new WecomConnector(tenant, 'Asia/Shanghai', testDeps(new ManualClock(0)), { retry: fastRetry, timeoutMs: 200 });
const ok = { errcode: 0, errmsg: 'ok' };
const item = (kind: string, payload: Record<string, unknown>) => ({ kind, payload, idempotencyKey: `${kind}:1` });
const isVendor = (code: string, transient: boolean) => (e: unknown) => e instanceof VendorError && e.code === code && e.transient === transient;

describe('wecom write-back and login (nock)', () => {
  let bodies: Record<string, unknown[]>;
  beforeEach(() => {
    nock.disableNetConnect();
    bodies = {};
    nock(BASE).get('/cgi-bin/gettoken').query(true).reply(200, { ...ok, access_token: 'T', expires_in: 7200 }).persist();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  const expect = (path: string, reply: object = ok, times = 1) =>
    nock(BASE)
      .post(`/cgi-bin/${path}`)
      .query({ access_token: 'T' })
      .times(times)
      .reply(200, (_uri, body) => ((bodies[path] ??= []).push(body), reply));

  it('punch_correction: the day as 00:00, the scheduled point in seconds, the punch in seconds', async () => {
    expect('checkin/punch_correction');
    await connector().writeBack(item('punch_correction', { userid: 'james', date: '2026-03-02', scheduleCheckinSec: 32400, checkinAt: Date.parse('2026-03-02T09:00:00+08:00'), remark: '补卡' }));
    assert.deepEqual(bodies['checkin/punch_correction'], [{ userid: 'james', schedule_date_time: 1772380800, schedule_checkin_time: 32400, checkin_time: 1772413200, remark: '补卡' }]);
  });

  it('add_checkin_record: one call per item, degrees × 1e6; more than 200 records is refused for good', async () => {
    expect('checkin/add_checkin_record');
    await connector().writeBack(item('add_checkin_record', { records: [{ userid: 'james', at: 1772413200_000, lat: 31.230416, lng: 121.473701, deviceType: 2, deviceDetail: 'ZKTeco' }] }));
    assert.deepEqual(bodies['checkin/add_checkin_record'], [{ records: [{ userid: 'james', checkin_time: 1772413200, lat: 31230416, lng: 121473701, device_type: 2, device_detail: 'ZKTeco' }] }]);
    const many = Array.from({ length: 201 }, (_, i) => ({ userid: 'james', at: 1772413200_000 + i * 1000 }));
    await assert.rejects(connector().writeBack(item('add_checkin_record', { records: many })), isVendor('bad_payload', false));
  });

  it('schedule: one setcheckinschedulist call per month, 0 for a rest day', async () => {
    expect('checkin/setcheckinschedulist', ok, 2);
    await connector().writeBack(item('schedule', { groupid: 3, items: [{ userid: 'a', date: '2026-03-31', shiftExternalId: '2' }, { userid: 'a', date: '2026-04-01', shiftExternalId: null }] }));
    assert.deepEqual(bodies['checkin/setcheckinschedulist'], [
      { groupid: 3, items: [{ userid: 'a', day: 31, schedule_id: 2 }], yearmonth: 202603 },
      { groupid: 3, items: [{ userid: 'a', day: 1, schedule_id: 0 }], yearmonth: 202604 },
    ]);
  });

  it('quota: setoneuserquota with seconds and the vacation time_attr', async () => {
    expect('oa/vacation/setoneuserquota');
    await connector().writeBack(item('quota', { userid: 'a', vacationId: 7, leftSeconds: 16 * 3600, timeAttr: 1, remarks: '加班转调休' }));
    assert.deepEqual(bodies['oa/vacation/setoneuserquota'], [{ userid: 'a', vacation_id: 7, leftduration: 57600, time_attr: 1, remarks: '加班转调休' }]);
  });

  it('apply_event: a Vacation control with the date range, template approvers by default', async () => {
    expect('oa/applyevent', { ...ok, sp_no: '202603020001' });
    await connector().writeBack(
      item('apply_event', {
        creatorUserid: 'a',
        templateId: 'tpl',
        controlIds: { form: 'vacation-1563793073898', reason: 'item-1497581399901' },
        request: { type: 'leave', vacationId: 1, vacationName: '年假', startAt: 1772380800_000, endAt: 1772467200_000, unit: 'day', reason: '家中有事' },
      }),
    );
    const sent = bodies['oa/applyevent']?.[0] as { use_template_approver: number; apply_data: { contents: { control: string; value: { vacation?: { attendance: { date_range: unknown } } } }[] } };
    assert.equal(sent.use_template_approver, 1);
    assert.deepEqual(sent.apply_data.contents.map((c) => c.control), ['Vacation', 'Textarea']);
    assert.deepEqual(sent.apply_data.contents[0]?.value.vacation?.attendance.date_range, { type: 'halfday', new_begin: 1772380800, new_end: 1772467199, new_duration: 86400 });
  });

  it('surfaces vendor errors: permanent ones fail, exhausted transient ones stay transient for the outbox', async () => {
    expect('checkin/punch_correction', { errcode: 301081, errmsg: 'time outside window' });
    await assert.rejects(connector().writeBack(item('punch_correction', { userid: 'a', date: '2026-03-02', checkinAt: 1772413200_000 })), isVendor('301081', false));
    expect('checkin/punch_correction', { errcode: -1, errmsg: 'busy' }, fastRetry.retries + 1);
    await assert.rejects(connector().writeBack(item('punch_correction', { userid: 'a', date: '2026-03-02', checkinAt: 1772413200_000 })), isVendor('-1', true));
    await assert.rejects(connector().writeBack(item('fax', {})), isVendor('unknown_kind', false));
    await assert.rejects(connector().writeBack(item('quota', { userid: 'a' })), isVendor('bad_payload', false));
  });

  it('exchanges a login code for a member userid and refuses a non-member (openid only)', async () => {
    nock(BASE).get('/cgi-bin/auth/getuserinfo').query({ access_token: 'T', code: 'c1' }).reply(200, { ...ok, userid: 'james', user_ticket: '' });
    nock(BASE).get('/cgi-bin/auth/getuserinfo').query({ access_token: 'T', code: 'c2' }).reply(200, { ...ok, openid: 'oAAAA', external_userid: '' });
    nock(BASE).get('/cgi-bin/auth/getuserinfo').query({ access_token: 'T', code: 'c3' }).reply(200, { errcode: 40029, errmsg: 'invalid code' });
    const c = connector();
    assert.equal(await c.exchangeLoginCode('c1'), 'james');
    await assert.rejects(c.exchangeLoginCode('c2'), (e: unknown) => e instanceof VendorError && e.code === 'not_member' && /outside the corp/.test(e.message));
    await assert.rejects(c.exchangeLoginCode('c3'), isVendor('40029', false));
  });
});
