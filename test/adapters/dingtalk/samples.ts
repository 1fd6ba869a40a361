/** Answers exactly as docs/dingtalk.md §11 prints them, plus a leave instance with a DDHolidayField (§6.3). */

/** §11.1 POST /attendance/list */
export const listSample = {
  errcode: 0,
  recordresult: [
    { checkType: 'OnDuty', locationResult: 'Normal', baseCheckTime: 1599372300000, groupId: 685935028, timeResult: 'Normal', userId: 'manager4220', recordId: 42833709096, workDate: 1599321600000, sourceType: 'APPROVE', userCheckTime: 1599372300000, planId: 145583519353, id: 100068640553 },
    { checkType: 'OffDuty', locationResult: 'Normal', baseCheckTime: 1599373560000, groupId: 685935028, timeResult: 'Normal', userId: 'manager4220', recordId: 43003136655, workDate: 1599321600000, sourceType: 'USER', userCheckTime: 1599373608000, planId: 144623724178, id: 100375228689 },
  ],
  hasMore: false,
  errmsg: 'ok',
};

/** §11.2 POST /attendance/listRecord */
export const listRecordSample = {
  errcode: 0,
  errmsg: 'ok',
  recordresult: [
    {
      gmtModified: 1599454972000, baseCheckTime: 1599442200000, groupId: 685935028, timeResult: 'Normal', deviceId: '67da0fxxxx', approveId: 2376620852, userAccuracy: 65,
      classId: 677995086, workDate: 1599408000000, bizId: 'E171DCCExxxx', planId: 144872188720, id: 43047156750, checkType: 'OnDuty', planCheckTime: 1599442200000,
      corpId: 'dinge8axxxx5384', locationResult: 'Outside', userLongitude: 120.017139, isLegal: 'N', procInstId: '59f77e82-xxxx', gmtCreate: 1599441505000, userId: 'manager4220',
      outsideRemark: '拜访客户', userAddress: '浙江省杭州市', userLatitude: 30.285413, sourceType: 'USER', userCheckTime: 1599441505000, locationMethod: 'MAP',
    },
    {
      gmtModified: 1599450909000, deviceId: '67da0fxxxx', userAccuracy: 65, workDate: 1599408000000, bizId: 'E171DCCExxxx', id: 43055377426, invalidRecordType: 'Other',
      corpId: 'dinge8axxxx5384', userLongitude: 120.017019, gmtCreate: 1599450909000, invalidRecordMsg: '需要二次确认', userId: 'manager4220', userAddress: '浙江省杭州市',
      userLatitude: 30.285622, sourceType: 'USER', userCheckTime: 1599450909000, locationMethod: 'MAP',
    },
  ],
};

/** §11.3 POST /topapi/processinstance/get (the documented example: a TextField, no DDHolidayField). */
export const instanceSample = {
  errcode: 0,
  errmsg: 'ok',
  process_instance: {
    form_component_values: [{ component_type: 'TextField', name: '请假天数', id: 'TextField_23QXWOU7G4JK0', value: '1' }],
    create_time: '2020-12-21 15:30:26',
    attached_process_instance_ids: [],
    cc_userids: ['user456'],
    originator_dept_name: '测试2',
    originator_userid: 'user456',
    title: '测试用户提交的请假',
    finish_time: '2020-12-21 15:30:27',
    result: 'agree',
    originator_dept_id: '433xxx',
    business_id: '20201',
    tasks: [
      { task_status: 'COMPLETED', activity_id: '0dxxx', task_result: 'AGREE', userid: 'user456', finish_time: '2020-12-21 15:30:27', taskid: '66738', url: 'https://www.xxxx.com' },
      { task_status: 'COMPLETED', activity_id: 'e2xxx', task_result: 'AGREE', userid: 'user456', finish_time: '2020-12-21 15:30:27', taskid: '66738', url: 'https://www.xxxx.com' },
    ],
    biz_action: 'NONE',
    operation_records: [
      { date: '2020-12-21 15:30:26', operation_type: 'START_PROCESS_INSTANCE', operation_result: 'NONE', userid: 'user456' },
      { date: '2020-12-21 15:30:26', operation_type: 'EXECUTE_TASK_AUTO', operation_result: 'AGREE', userid: 'user456' },
    ],
    status: 'COMPLETED',
  },
  request_id: '10c0pggajcsu7',
};

/** The same instance with the leave form as §6.3 describes it. */
export function leaveInstance(value: unknown[], over: Record<string, unknown> = {}, ext: Record<string, unknown> | null = null): typeof instanceSample {
  return {
    ...instanceSample,
    process_instance: {
      ...instanceSample.process_instance,
      form_component_values: [
        {
          component_type: 'DDHolidayField',
          name: '["开始时间","结束时间"]',
          id: 'DDHolidayField-J2Bxxxx',
          value: JSON.stringify(value),
          ...(ext ? { ext_value: JSON.stringify(ext) } : {}),
        } as (typeof instanceSample)['process_instance']['form_component_values'][number],
        { component_type: 'TextareaField', name: '请假事由', id: 'TextareaField-1', value: '家中有事' },
      ],
      ...over,
    },
  };
}
