import { z } from 'zod';

/**
 * oa/applyevent (§4.3): a request created in our API becomes a WeCom form on the employee's
 * behalf; its approval then flows back through sys_approval_change. Control ids belong to the
 * corp's template, so the caller names them (from gettemplatedetail).
 */

const ATTENDANCE_TYPE = { trip: 3, outing: 4, field: 4, overtime: 5 } as const;

export const applyEventPayload = z.object({
  creatorUserid: z.string().min(1),
  templateId: z.string().min(1),
  controlIds: z.object({ form: z.string().min(1), reason: z.string().min(1).optional() }),
  request: z
    .object({
      type: z.enum(['leave', 'time_off', 'trip', 'outing', 'field', 'overtime']),
      vacationId: z.number().int().positive().optional(),
      vacationName: z.string().optional(),
      startAt: z.number().int().nonnegative(),
      endAt: z.number().int().nonnegative(),
      unit: z.enum(['hour', 'halfday', 'day']),
      reason: z.string().max(1000).optional(),
    })
    .refine((r) => r.endAt > r.startAt, { message: 'endAt must be after startAt' })
    .refine((r) => (r.type !== 'leave' && r.type !== 'time_off') || r.vacationId !== undefined, { message: 'a leave needs vacationId' }),
  /** Or-sign approvers; absent = the template's own flow. */
  approvers: z.array(z.string().min(1)).min(1).optional(),
  /** At most 3 lines of 20 characters (§4.3). */
  summary: z.array(z.string()).max(3).optional(),
});
export type ApplyEventPayload = z.infer<typeof applyEventPayload>;

const sec = (ms: number): number => Math.floor(ms / 1000);
const zh = (text: string) => [{ text, lang: 'zh_CN' }];

export function applyEventBody(p: ApplyEventPayload): Record<string, unknown> {
  const r = p.request;
  // Day and half-day forms end one second before their boundary, as WeCom renders them.
  const dateRange = { type: r.unit === 'hour' ? 'hour' : 'halfday', new_begin: sec(r.startAt), new_end: r.unit === 'hour' ? sec(r.endAt) : sec(r.endAt) - 1, new_duration: sec(r.endAt - r.startAt) };
  const form =
    r.type === 'leave' || r.type === 'time_off'
      ? {
          control: 'Vacation',
          id: p.controlIds.form,
          value: { vacation: { selector: { type: 'single', options: [{ key: String(r.vacationId), value: zh(r.vacationName ?? '') }] }, attendance: { date_range: dateRange, type: 1 } } },
        }
      : { control: 'Attendance', id: p.controlIds.form, value: { attendance: { date_range: dateRange, type: ATTENDANCE_TYPE[r.type] } } };
  const contents: Record<string, unknown>[] = [form];
  if (p.controlIds.reason && r.reason) contents.push({ control: 'Textarea', id: p.controlIds.reason, value: { text: r.reason } });
  return {
    creator_userid: p.creatorUserid,
    template_id: p.templateId,
    use_template_approver: p.approvers ? 0 : 1,
    ...(p.approvers ? { approver: [{ attr: 1, userid: p.approvers }] } : {}),
    apply_data: { contents },
    ...(p.summary ? { summary_list: p.summary.map((line) => ({ summary_info: zh([...line].slice(0, 20).join('')) })) } : {}),
  };
}
