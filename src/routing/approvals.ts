import type { Clock } from '../clock.js';
import type { Db } from '../ledger/db.js';
import type { JobDef } from '../scheduler/scheduler.js';
import { enqueue, type OutboxItem } from '../writeback/outbox.js';
import { dingtalkTargets, type RouteTarget } from './targets.js';

/**
 * Approval routing (issue 6): a leave, 调休, trip, outing, field trip or overtime approved for an
 * employee linked across tenants — in WeCom, or filed through our API and approved there — is
 * registered in each of the employee's DingTalk orgs with `approval_finish`, and withdrawn with
 * `approval_cancel` when it is revoked or cancelled later, so DingTalk's own reports agree.
 *
 * A scheduled job that compares the ledger with the outbox rather than a hook after each applied
 * batch: requests carry no change stamp to resume from, and the outbox's idempotency keys
 * already record what was routed. So every run looks at the recent requests of linked employees
 * (by the (employee_id, start_at) index), and enqueues what is missing; a replay, a crash or two
 * workers enqueue nothing twice, and no ingest path has to remember to call it.
 */

const ROUTABLE_TYPES = ['leave', 'time_off', 'trip', 'outing', 'field', 'overtime'] as const;
const UNDONE = new Set(['revoked', 'cancelled']);
const DAY_MS = 86_400_000;
/** DingTalk refuses approve/finish for an approval starting more than 31 days ago (dingtalk.md §5.8). */
const FINISH_MAX_AGE_DAYS = 31;
/** Revocations of approvals up to this old are still withdrawn from DingTalk. */
const DEFAULT_LOOKBACK_DAYS = 62;

interface RequestRow {
  id: number | string;
  tenant_id: string;
  employee_id: string;
  type: string;
  subtype: string | null;
  start_at: number | string;
  end_at: number | string;
  unit: string;
  status: string;
  linked_tenant: string | null;
}

/** A request and the vendor tenants whose forms stand for it (an API request filed there). */
interface Candidate extends RequestRow {
  linkedTenants: Set<string>;
}

export interface RouteOptions {
  clock: Clock;
  /** Our page for the request; DingTalk requires a link (≤ 200 characters) with every approval. */
  jumpUrl(requestId: string): string;
  lookBackDays?: number;
}

export interface RouteRun {
  /** New `approval_finish` items. */
  finishes: number;
  /** New `approval_cancel` items. */
  cancels: number;
  /** Approved requests DingTalk would refuse because they started too long ago. */
  tooOld: number;
}

/** Our id for the approval in DingTalk; finish and cancel must name the same one. */
export const approveIdOf = (requestId: string): string => `attendance-bridge:${requestId}`;
/** The interval is part of the key: a request whose interval changes is finished again (same approve_id: DingTalk updates it). */
export const finishKey = (tenantId: string, r: Pick<RequestRow, 'id' | 'start_at' | 'end_at'>): string => `route_finish:${tenantId}:${r.id}:${r.start_at}-${r.end_at}`;
export const cancelKey = (tenantId: string, requestId: string): string => `route_cancel:${tenantId}:${requestId}`;

async function recentRequests(db: Db, employeeIds: readonly string[], since: number): Promise<Candidate[]> {
  const byId = new Map<string, Candidate>();
  for (let i = 0; i < employeeIds.length; i += 400) {
    const rows = (await db('requests as r')
      .leftJoin('request_links as l', 'l.request_id', 'r.id')
      .whereIn('r.employee_id', employeeIds.slice(i, i + 400))
      .andWhere('r.start_at', '>=', since)
      .whereIn('r.status', ['approved', ...UNDONE])
      .whereIn('r.type', ROUTABLE_TYPES)
      .orderBy('r.id')
      .select('r.id', 'r.tenant_id', 'r.employee_id', 'r.type', 'r.subtype', 'r.start_at', 'r.end_at', 'r.unit', 'r.status', 'l.tenant_id as linked_tenant')) as RequestRow[];
    for (const r of rows) {
      const c = byId.get(String(r.id)) ?? { ...r, linkedTenants: new Set<string>() };
      if (r.linked_tenant !== null) c.linkedTenants.add(r.linked_tenant);
      byId.set(String(r.id), c);
    }
  }
  return [...byId.values()];
}

/** The outbox state of each key that is already there. */
async function outboxStates(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 400) {
    const found = (await db('writeback_outbox').whereIn('idempotency_key', keys.slice(i, i + 400)).select('idempotency_key', 'state')) as { idempotency_key: string; state: string }[];
    for (const f of found) out.set(f.idempotency_key, f.state);
  }
  return out;
}

function finishItem(target: RouteTarget, r: RequestRow, jumpUrl: string): OutboxItem {
  const id = String(r.id);
  return {
    idempotencyKey: finishKey(target.tenantId, r),
    tenantId: target.tenantId,
    kind: 'approval_finish',
    payload: {
      userId: target.userId,
      type: r.type,
      ...(r.subtype === null ? {} : { subtype: r.subtype }),
      startAt: Number(r.start_at),
      endAt: Number(r.end_at),
      // DingTalk takes overtime in hours only; the interval's instants are exact either way.
      unit: r.type === 'overtime' ? 'hour' : r.unit,
      jumpUrl,
      approveId: approveIdOf(id),
    },
  };
}

/** Enqueues the DingTalk registrations and withdrawals the recent approvals of linked employees still need. */
export async function routeApprovals(db: Db, opts: RouteOptions): Promise<RouteRun> {
  const now = opts.clock.now();
  const run: RouteRun = { finishes: 0, cancels: 0, tooOld: 0 };
  const targets = await dingtalkTargets(db);
  const requests = await recentRequests(db, [...targets.keys()], now - (opts.lookBackDays ?? DEFAULT_LOOKBACK_DAYS) * DAY_MS);
  const finishes: OutboxItem[] = [];
  const cancels: { item: OutboxItem; needs: string }[] = [];
  for (const r of requests) {
    for (const t of targets.get(r.employee_id) ?? []) {
      // Never back where it was decided: its own tenant, or the tenant an API request was filed in.
      if (t.tenantId === r.tenant_id || r.linkedTenants.has(t.tenantId)) continue;
      const id = String(r.id);
      if (UNDONE.has(r.status)) {
        cancels.push({ item: { idempotencyKey: cancelKey(t.tenantId, id), tenantId: t.tenantId, kind: 'approval_cancel', payload: { userId: t.userId, approveId: approveIdOf(id) } }, needs: finishKey(t.tenantId, r) });
      } else if (Number(r.start_at) < now - FINISH_MAX_AGE_DAYS * DAY_MS) {
        run.tooOld += 1;
      } else {
        finishes.push(finishItem(t, r, opts.jumpUrl(id)));
      }
    }
  }
  const known = await outboxStates(db, [...finishes.map((f) => f.idempotencyKey), ...cancels.flatMap((c) => [c.item.idempotencyKey, c.needs])]);
  const newFinishes = finishes.filter((f) => !known.has(f.idempotencyKey));
  // Only what DingTalk holds is withdrawn: a request cancelled before approval never reached it, and
  // a cancel queued beside a finish still retrying could overtake it; a later run sees it done.
  const newCancels = cancels.filter((c) => known.get(c.needs) === 'done' && !known.has(c.item.idempotencyKey)).map((c) => c.item);
  await enqueue(db, [...newFinishes, ...newCancels], now);
  run.finishes = newFinishes.length;
  run.cancels = newCancels.length;
  return run;
}

export interface RoutingJobDeps extends RouteOptions {
  db: Db;
  timezone: string;
}

/** The scheduled job: once a minute, under its lease like every job. */
export function approvalRoutingJob(d: RoutingJobDeps): JobDef {
  return { name: 'approvals:route', cron: '20 * * * * *', timezone: d.timezone, run: () => routeApprovals(d.db, d) };
}
