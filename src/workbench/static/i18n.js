/* global document */
/** Every string the page shows, in both languages: one table, looked up by key. */
export const STRINGS = {
  en: {
    title: 'Attendance workbench', language: '中文', signIn: 'Sign in', signOut: 'Sign out', pasteToken: 'Paste your API token',
    tokenHint: 'The token stays in this browser tab only.', badToken: 'That token was not accepted.', month: 'Month', department: 'Department',
    allDepartments: 'All departments', reload: 'Reload', period: 'Month status', state: 'State', grid: 'Month grid', exceptions: 'Exceptions',
    requests: 'Requests', confirm: 'Confirm my month', dispute: 'Dispute my month', signOff: 'Sign off department', lock: 'Lock month', unlock: 'Unlock month',
    commentOrReason: 'Comment / reason', reasonRequired: 'Enter a reason first.', lockedBy: 'locked by {by} at {at}',
    counts: '{people} people: {confirmed} confirmed, {disputed} disputed, {pending} pending', awaiting: 'Awaiting sign-off: {list}', allSignedOff: 'Every department has signed off.',
    employee: 'Employee', date: 'Date', status: 'Status', reasons: 'Reasons', type: 'Type', from: 'From', to: 'To', approval: 'Approval',
    none: 'Nothing here.', checkpoint: 'Checkpoint', expected: 'Expected', actual: 'Actual', result: 'Result', minutes: 'Minutes', close: 'Close',
    noResult: 'no result', done: 'Done.', roster: 'Roster', restDay: 'rest', swapped: 'swapped',
    devices: 'Devices', device: 'Device', lastContact: 'Last contact', backlog: 'Backlog', unmappedPins: 'Unmapped PINs', tenant: 'Tenant', never: 'never', silent: 'silent',
    approve: 'Approve', reject: 'Reject', 'device.quarantined': 'quarantined', 'device.approved': 'approved', 'device.rejected': 'rejected',
    'state.open': 'open', 'state.confirming': 'confirming', 'state.signed_off': 'signed off', 'state.locked': 'locked',
    'status.normal': 'normal', 'status.exception': 'exception', 'status.absent': 'absent', 'status.leave': 'leave', 'status.trip': 'trip', 'status.rest': 'rest',
    'req.pending': 'pending', 'req.approved': 'approved', 'req.rejected': 'rejected', 'req.cancelled': 'cancelled', 'req.revoked': 'revoked',
    'type.leave': 'leave', 'type.overtime': 'overtime', 'type.correction': 'correction', 'type.trip': 'trip', 'type.outing': 'outing', 'type.time_off': '调休 time off', 'type.field': 'field work', 'type.swap': 'shift swap',
    'role.employee': 'employee', 'role.manager': 'manager', 'role.hr': 'HR', 'role.admin': 'admin', 'role.system': 'system',
  },
  zh: {
    title: '考勤工作台', language: 'English', signIn: '登录', signOut: '退出', pasteToken: '粘贴 API 令牌', tokenHint: '令牌只保存在当前浏览器标签页。',
    badToken: '令牌无效。', month: '月份', department: '部门', allDepartments: '全部部门', reload: '刷新', period: '月度状态', state: '状态', grid: '月度考勤表',
    exceptions: '异常', requests: '申请', confirm: '确认本月考勤', dispute: '对本月考勤有异议', signOff: '部门签核', lock: '锁定月份', unlock: '解锁月份',
    commentOrReason: '备注 / 原因', reasonRequired: '请先填写原因。', lockedBy: '由 {by} 于 {at} 锁定',
    counts: '共 {people} 人：已确认 {confirmed}，有异议 {disputed}，待确认 {pending}', awaiting: '待签核：{list}', allSignedOff: '所有部门均已签核。',
    employee: '员工', date: '日期', status: '状态', reasons: '原因', type: '类型', from: '开始', to: '结束', approval: '审批状态', none: '暂无。',
    checkpoint: '打卡点', expected: '应打卡', actual: '实际打卡', result: '结果', minutes: '分钟', close: '关闭', noResult: '无结果', done: '完成。', roster: '排班', restDay: '休息', swapped: '已换班',
    devices: '考勤机', device: '设备', lastContact: '最近联系', backlog: '待处理记录', unmappedPins: '未匹配工号', tenant: '回写租户', never: '从未', silent: '失联',
    approve: '批准', reject: '拒绝', 'device.quarantined': '隔离中', 'device.approved': '已批准', 'device.rejected': '已拒绝',
    'state.open': '未开始', 'state.confirming': '确认中', 'state.signed_off': '已签核', 'state.locked': '已锁定',
    'status.normal': '正常', 'status.exception': '异常', 'status.absent': '旷工', 'status.leave': '请假', 'status.trip': '出差', 'status.rest': '休息',
    'req.pending': '审批中', 'req.approved': '已通过', 'req.rejected': '已拒绝', 'req.cancelled': '已撤销', 'req.revoked': '已撤回',
    'type.leave': '请假', 'type.overtime': '加班', 'type.correction': '补卡', 'type.trip': '出差', 'type.outing': '外出', 'type.time_off': '调休', 'type.field': '外勤', 'type.swap': '换班',
    'role.employee': '员工', 'role.manager': '主管', 'role.hr': '人事', 'role.admin': '管理员', 'role.system': '系统',
  },
};

let lang = localStorage.getItem('wb.lang') ?? (navigator.language.startsWith('zh') ? 'zh' : 'en');

export const language = () => lang;

/** The string for `key` in the current language, `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, k) => String(vars[k] ?? ''));
}

export function setLanguage(next) {
  lang = next;
  localStorage.setItem('wb.lang', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll('[data-t-placeholder]')) el.placeholder = t(el.dataset.tPlaceholder);
  document.title = t('title');
}
