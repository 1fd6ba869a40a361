import { z } from 'zod';
import { EVERYONE } from '../auth/roles.js';
import { departmentTree, requireDepartmentInScope, requireEmployeeInScope, scopeOf, whereInScope } from '../auth/scope.js';
import { defineRoute } from '../registry.js';
import { formatInstant, localDateOf } from '../../rules/time.js';
import { departmentId, employeeId, isoInstant, rangeQuery } from '../schemas.js';
import { anyZoneBounds, employeeZones } from '../zones.js';

const punchView = z
  .object({
    id: z.string(),
    employeeId: z.string(),
    at: isoInstant,
    source: z.string().describe('wecom | dingtalk (the tenant’s vendor) | direct (check-in) | device | import'),
    method: z.string().describe('gps, wifi, device, ble, nfc, qr, manual, correction, import'),
    verdict: z.enum(['inside', 'outside', 'uncertain']),
    flags: z.array(z.string()).describe('open or reviewed anomaly codes on this punch'),
    siteId: z.string().nullable(),
    vendorVerdict: z.string().nullable(),
  })
  .meta({ id: 'Punch' });

interface PunchRow {
  id: number | string;
  employee_id: string;
  at: number | string;
  source: string;
  method: string;
  location_verdict: 'inside' | 'outside' | 'uncertain';
  site_id: string | null;
  vendor_verdict: string | null;
  vendor: string | null;
}

/** The ledger's source names → the contract's (checkin.md §7): a vendor punch is named by its tenant's vendor. */
function sourceName(row: PunchRow): string {
  switch (row.source) {
    case 'vendor':
      return row.vendor ?? 'vendor';
    case 'checkin':
    case 'api':
      return 'direct';
    default:
      return row.source;
  }
}

const MAX_PUNCHES = 20_000;

export const listPunches = defineRoute({
  id: 'listPunches',
  method: 'get',
  path: '/punches',
  summary: 'Punches whose local date (employee timezone) is within from..to, both inclusive',
  roles: EVERYONE,
  query: rangeQuery({ employee: employeeId.optional(), department: departmentId.optional() }, 93),
  response: z.object({ punches: z.array(punchView) }),
  async handler({ principal, query, deps }) {
    const { db } = deps;
    const scope = await scopeOf(db, principal);
    const employee = query.employee;
    if (employee !== undefined) await requireEmployeeInScope(db, scope, employee);
    const bounds = anyZoneBounds(query.from, query.to);
    const q = db('punches as p')
      .leftJoin('tenants as t', 't.id', 'p.tenant_id')
      .select('p.id', 'p.employee_id', 'p.at', 'p.source', 'p.method', 'p.location_verdict', 'p.site_id', 'p.vendor_verdict', 't.vendor')
      .where('p.at', '>=', bounds.start)
      .where('p.at', '<', bounds.end);
    whereInScope(db, q, scope, 'p.employee_id');
    if (employee !== undefined) q.where('p.employee_id', employee);
    if (query.department !== undefined) {
      requireDepartmentInScope(scope, query.department);
      q.whereIn('p.employee_id', db('employees').select('id').whereIn('department_id', await departmentTree(db, [query.department])));
    }
    const rows = (await q.orderBy([{ column: 'p.employee_id' }, { column: 'p.at' }, { column: 'p.id' }]).limit(MAX_PUNCHES)) as PunchRow[];
    const zones = await employeeZones(db, rows.map((r) => r.employee_id), deps.config.timezone);
    // The query used bounds valid in every zone; each punch is now kept by its own employee's local date.
    const kept = rows.filter((r) => {
      const date = localDateOf(Number(r.at), zones.get(r.employee_id) ?? deps.config.timezone);
      return date >= query.from && date <= query.to;
    });
    const flags = await flagsOf(db, kept.map((r) => String(r.id)));
    return {
      punches: kept.map((r) => ({
        id: String(r.id),
        employeeId: r.employee_id,
        at: formatInstant(Number(r.at), zones.get(r.employee_id) ?? deps.config.timezone),
        source: sourceName(r),
        method: r.method,
        verdict: r.location_verdict,
        flags: flags.get(String(r.id)) ?? [],
        siteId: r.site_id,
        vendorVerdict: r.vendor_verdict,
      })),
    };
  },
});

async function flagsOf(db: Parameters<typeof employeeZones>[0], punchIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < punchIds.length; i += 400) {
    const rows = (await db('anomalies').select('subject_id', 'code').where('subject_kind', 'punch').whereIn('subject_id', punchIds.slice(i, i + 400)).orderBy('code')) as {
      subject_id: string;
      code: string;
    }[];
    for (const r of rows) out.set(r.subject_id, [...(out.get(r.subject_id) ?? []), r.code]);
  }
  return out;
}
