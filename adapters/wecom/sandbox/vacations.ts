import type { SandboxApproval } from '../../../src/sandbox/company.js';

/** The corp's vacation types (oa/vacation/getcorpconf ids); 调休 is hour-based, the rest day-based. */
export const VACATIONS = [
  { id: 1, subtype: 'annual', name: '年假', timeAttr: 0, quotaSec: 5 * 86_400 },
  { id: 2, subtype: 'personal', name: '事假', timeAttr: 0, quotaSec: null },
  { id: 3, subtype: 'sick', name: '病假', timeAttr: 0, quotaSec: 5 * 86_400 },
  { id: 4, subtype: 'marriage', name: '婚假', timeAttr: 0, quotaSec: null },
  { id: 5, subtype: 'bereavement', name: '丧假', timeAttr: 0, quotaSec: null },
  { id: 6, subtype: 'paternity', name: '陪产假', timeAttr: 0, quotaSec: null },
  { id: 7, subtype: 'time_off', name: '调休假', timeAttr: 1, quotaSec: 16 * 3600 },
] as const;
export type Vacation = (typeof VACATIONS)[number];

export function vacationOf(a: Pick<SandboxApproval, 'type' | 'subtype'>): Vacation | undefined {
  const subtype = a.type === 'time_off' ? 'time_off' : a.subtype;
  return VACATIONS.find((v) => v.subtype === subtype);
}

export function vacationById(id: number): Vacation | undefined {
  return VACATIONS.find((v) => v.id === id);
}

/** Approval templates (one per form kind) and the getapprovalinfo `record_type` of each. */
export const TEMPLATES: Record<SandboxApproval['type'], { id: string; name: string; recordType: number }> = {
  leave: { id: '3WLJF6naF5jhnXvwisuPmE85wVMYcy2yPkNCfbSa', name: '请假', recordType: 1 },
  time_off: { id: '3WLJF6naF5jhnXvwisuPmE85wVMYcy2yPkNCfbSa', name: '请假', recordType: 1 },
  correction: { id: '3WK7nR3bGyHgdCMNiE2ArvvMRPQ1RLDAyiKT3nyd', name: '打卡补卡', recordType: 2 },
  trip: { id: '3WLtw1XCozxyRA2EUsArNMEHAaNQHcn2TTqGmqzq', name: '出差', recordType: 3 },
  outing: { id: '3WLJBjhNT3sLGeVtYyHa6xoLKPsprfNnzNgaCsZa', name: '外出', recordType: 4 },
  field: { id: '3WMA1sxPEQqRz7MVnTJWYJXkJqstoPBsj6zt2Cd6', name: '外勤', recordType: 4 },
  overtime: { id: '3WK7nR3bGyHgeQ5zKtY1y2M4gAUjEv8xDxNHt5Zr', name: '加班', recordType: 5 },
};

/** Attendance control `type` per form kind (§4.2): 1 leave, 2 correction, 3 trip, 4 outing, 5 overtime. */
export const ATTENDANCE_TYPE: Record<SandboxApproval['type'], number> = { leave: 1, time_off: 1, correction: 2, trip: 3, outing: 4, field: 4, overtime: 5 };
