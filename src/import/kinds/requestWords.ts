/** The request words of docs/import.md, English or Chinese, → the ledger's values. */
export const REQUEST_TYPES = {
  leave: 'leave',
  请假: 'leave',
  overtime: 'overtime',
  加班: 'overtime',
  trip: 'trip',
  出差: 'trip',
  outing: 'outing',
  外出: 'outing',
  field: 'field',
  外勤: 'field',
  correction: 'correction',
  补卡: 'correction',
} as const;

export const REQUEST_STATUSES = {
  approved: 'approved',
  通过: 'approved',
  已通过: 'approved',
  rejected: 'rejected',
  拒绝: 'rejected',
  已拒绝: 'rejected',
  驳回: 'rejected',
  已驳回: 'rejected',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  撤销: 'cancelled',
  已撤销: 'cancelled',
  取消: 'cancelled',
  已取消: 'cancelled',
} as const;

/** Leave names as Chinese HR writes them → the subtypes the rules and balances use (rules.md). */
const LEAVE_SUBTYPES: Readonly<Record<string, string>> = {
  年假: 'annual',
  病假: 'sick',
  事假: 'personal',
  调休: 'time_off',
  婚假: 'marriage',
  丧假: 'bereavement',
  产假: 'maternity',
  陪产假: 'paternity',
  产检假: 'prenatal',
  哺乳假: 'nursing',
};

/** English subtypes are kept (lower case), Chinese ones translated; others are kept as written. */
export function leaveSubtype(text: string): string {
  return LEAVE_SUBTYPES[text] ?? (/^[A-Za-z_ ]+$/.test(text) ? text.toLowerCase().replaceAll(' ', '_') : text);
}

/** The English words, for templates' drop-downs. */
export const TYPE_NAMES = ['leave', 'overtime', 'trip', 'outing', 'field', 'correction'] as const;
export const STATUS_NAMES = ['approved', 'rejected', 'cancelled'] as const;
export const SUBTYPE_NAMES = ['annual', 'sick', 'personal', 'time_off', 'marriage', 'bereavement', 'maternity', 'paternity', 'prenatal', 'nursing'] as const;
