import type { Router } from 'express';
import { checkpointsOf } from '../../../src/sandbox/schedule.js';
import { wecomApis } from '../descriptor.js';
import { writtenNotes } from './checkin-view.js';
import { employeeOr60111, groupIdOf, shiftById, shiftOn } from './directory.js';
import { type Json, uint, wecomRoute, WecomError } from './http.js';
import type { WecomSandboxState } from './state.js';

const MAC_RE = /^[A-Fa-f0-9]{2}(:[A-Fa-f0-9]{2}){5}$/;

/** Write APIs (§3.6–3.8): accepted writes become visible in later reads and in truth.writes. */
export function mountCheckinWrites(router: Router, state: WecomSandboxState): void {
  router.all(
    wecomApis.setcheckinschedulist.path,
    wecomRoute(state, 'setcheckinschedulist', ({ body }) => {
      const groupid = uint(body, 'groupid', 301086);
      const group = state.company.groups.find((g) => groupIdOf(state.company, g.key) === groupid);
      if (!group || group.kind !== 'cycle') throw new WecomError(301086, 'groupid is not a shift (按班次) rule');
      const ym = String(uint(body, 'yearmonth', 301086));
      if (!/^\d{4}(0[1-9]|1[0-2])$/.test(ym)) throw new WecomError(301086, 'invalid yearmonth');
      const items = body['items'];
      if (!Array.isArray(items) || items.length === 0) throw new WecomError(301086, 'items required');
      const changes: [string, string | null][] = [];
      for (const it of items as Json[]) {
        const userid = String(it['userid'] ?? '');
        if (!group.employeeKeys.includes(userid)) throw new WecomError(60111, `userid not in the rule: ${userid}`);
        const day = uint(it, 'day', 301086);
        const date = `${ym.slice(0, 4)}-${ym.slice(4)}-${String(day).padStart(2, '0')}`;
        if (day < 1 || day > 31 || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).getUTCDate() !== day) throw new WecomError(301086, 'invalid day');
        if (date <= state.cal.today(state.now())) throw new WecomError(301073, 'openapi目前仅支持对未来日期设置排班');
        const scheduleId = uint(it, 'schedule_id', 301086);
        const shift = scheduleId === 0 ? null : shiftById(state.company, scheduleId);
        if (shift === undefined || (shift && !group.shiftKeys.includes(shift.key))) throw new WecomError(301086, 'schedule_id not in the rule');
        changes.push([`${userid}|${date}`, shift ? shift.key : null]);
      }
      // All or nothing: apply only after every item validated.
      for (const [k, v] of changes) state.scheduleOverrides.set(k, v);
      state.writes.setcheckinschedulist += changes.length;
      state.version++;
      return {};
    }),
  );

  router.all(
    wecomApis.add_checkin_record.path,
    wecomRoute(state, 'add_checkin_record', ({ body, now }) => {
      const records = body['records'];
      if (!Array.isArray(records) || records.length === 0 || records.length > wecomApis.add_checkin_record.maxPageSize) throw new WecomError(301083, 'records: 1-200 per call');
      const valid = (records as Json[]).map((r) => {
        const e = employeeOr60111(state, String(r['userid'] ?? ''));
        const t = uint(r, 'checkin_time', 301083);
        if (t * 1000 > now) throw new WecomError(301083, 'checkin_time in the future');
        for (const f of ['location_title', 'location_detail', 'notes', 'wifiname', 'wifimac']) {
          const v = r[f];
          if (v !== undefined && (typeof v !== 'string' || [...v].length > 1024)) throw new WecomError(301083, `${f} too long`);
        }
        const wifiname = typeof r['wifiname'] === 'string' ? r['wifiname'] : '';
        const wifimac = typeof r['wifimac'] === 'string' ? r['wifimac'] : '';
        if (wifiname && !MAC_RE.test(wifimac)) throw new WecomError(301083, 'wifimac required with wifiname and must look like aa:bb:cc:dd:ee:ff');
        const lat = r['lat'] === undefined ? 0 : Number(r['lat']);
        const lng = r['lng'] === undefined ? 0 : Number(r['lng']);
        if (!Number.isInteger(lat) || Math.abs(lat) > 90_000_000 || !Number.isInteger(lng) || Math.abs(lng) > 180_000_000) throw new WecomError(301083, 'lat/lng out of range');
        if (r['device_type'] !== undefined && ![1, 2, 3].includes(r['device_type'] as number)) throw new WecomError(301083, 'invalid device_type');
        const detail = r['device_detail'];
        if (detail !== undefined && (typeof detail !== 'string' || [...detail].length > 40)) throw new WecomError(301083, 'device_detail over 40 chars');
        if (Array.isArray(r['mediaids']) && r['mediaids'].length > 1) throw new WecomError(301083, 'at most 1 mediaid');
        const notes = typeof r['notes'] === 'string' ? r['notes'] : '';
        return { e, t, wifiname, wifimac, lat, lng, detail, notes };
      });
      for (const v of valid) {
        const p: Parameters<WecomSandboxState['addPunch']>[0] = { employeeKey: v.e.key, at: v.t * 1000, location: 'inside', lat: v.lat / 1e6, lng: v.lng / 1e6 };
        if (v.wifiname) [p.wifiName, p.wifiMac] = [v.wifiname, v.wifimac];
        // Where WeCom returns device_detail is not documented; the sandbox shows it as `deviceid`.
        if (typeof v.detail === 'string' && v.detail) p.deviceSn = v.detail;
        const punch = state.addPunch(p);
        if (v.notes) writtenNotes.set(punch, v.notes);
      }
      state.writes.add_checkin_record += valid.length;
      return {};
    }),
  );

  router.all(
    wecomApis.punch_correction.path,
    wecomRoute(state, 'punch_correction', ({ body, now }) => {
      const e = employeeOr60111(state, String(body['userid'] ?? ''));
      const dayTs = uint(body, 'schedule_date_time', 301083);
      const t = uint(body, 'checkin_time', 301083);
      const remark = body['remark'];
      if (remark !== undefined && (typeof remark !== 'string' || Buffer.byteLength(remark) > 512)) throw new WecomError(301083, 'remark over 512 bytes');
      if (t * 1000 > now) throw new WecomError(301083, 'checkin_time in the future');
      const date = state.cal.dateOf(dayTs * 1000);
      if (state.cal.midnight(date) !== dayTs * 1000) throw new WecomError(301083, 'schedule_date_time must be 00:00 of the day');
      const shift = shiftOn(state, e, date);
      if (body['schedule_checkin_time'] !== undefined) {
        const point = uint(body, 'schedule_checkin_time', 301083);
        if (!shift) throw new WecomError(301082, 'not a workday');
        const cp = checkpointsOf(shift, date, state.cal).find((c) => c.minutes * 60 === point);
        if (!cp) throw new WecomError(301080, 'no such scheduled punch point');
        if (Math.abs(t * 1000 - cp.at) > 12 * 3_600_000) throw new WecomError(301081, 'checkin_time outside the allowed window');
      }
      state.addPunch({ employeeKey: e.key, at: t * 1000, location: 'inside', lat: 0, lng: 0, exception: 'correction' });
      state.writes.punch_correction++;
      return {};
    }),
  );
}
