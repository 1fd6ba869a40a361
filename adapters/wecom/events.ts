import type { LedgerChangeInput } from '../../src/ledger/model.js';
import type { InboxEvent } from '../../src/vendor/contract.js';
import { mapDeletedUser } from './map/contacts.js';
import { dateOfSec } from './map/time.js';
import { fetchApproval } from './streams/approvals.js';
import { fetchPunches } from './streams/checkin.js';
import { fetchDepartments, fetchUser } from './streams/contacts.js';
import type { WecomEnv } from './streams/env.js';
import { wecomApis } from './descriptor.js';

/** Decrypted callback fields are strings, nested objects, or arrays of them (callback-format.ts). */
type Fields = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Fields => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});
/** A repeated XML element is an array, a single one an object. */
const list = (v: unknown): Fields[] => (Array.isArray(v) ? v.map(obj) : v === undefined || v === null || v === '' ? [] : [obj(v)]);

async function approvalChange(env: WecomEnv, f: Fields): Promise<LedgerChangeInput[]> {
  const info = obj(f['ApprovalInfo']);
  const spNo = str(info['SpNoStr']) || str(info['SpNo']);
  if (!spNo) throw new Error('sys_approval_change without SpNo');
  // The event carries the status but not the form's dates: the detail is the source of truth.
  const change = await fetchApproval(env, spNo);
  return change === null ? [] : [change];
}

async function contactChange(env: WecomEnv, f: Fields): Promise<LedgerChangeInput[]> {
  const type = str(f['ChangeType']);
  switch (type) {
    case 'create_user':
    case 'update_user': {
      const userid = str(f['NewUserID']) || str(f['UserID']);
      return userid ? [await fetchUser(env, userid)] : [];
    }
    case 'delete_user': {
      const userid = str(f['UserID']);
      return userid ? [mapDeletedUser(userid, str(f['Name']) || undefined)] : [];
    }
    case 'create_party':
    case 'update_party': {
      const id = Number(str(f['Id']));
      if (!Number.isInteger(id)) return [];
      return (await fetchDepartments(env, id)).filter((d) => d.kind === 'department' && d.externalId === String(id));
    }
    default:
      // delete_party and update_tag: the ledger has no department removal or tags.
      return [];
  }
}

/** Device punches (§3.11) name users and instants only; the punch records are fetched per day in ≤100-user batches. */
async function checkinChange(env: WecomEnv, f: Fields): Promise<LedgerChangeInput[]> {
  const items = list(obj(f['CheckInDataList'])['Item']);
  const byDay = new Map<string, Set<string>>();
  for (const it of items) {
    const user = str(it['UserId']) || str(it['OpenUserId']);
    const at = Number(str(it['CheckinTime']));
    if (!user || !Number.isFinite(at) || at <= 0) continue;
    const day = dateOfSec(at, env.zone);
    byDay.set(day, (byDay.get(day) ?? new Set()).add(user));
  }
  const out: LedgerChangeInput[] = [];
  for (const [day, users] of byDay) {
    const ids = [...users].sort();
    for (let i = 0; i < ids.length; i += wecomApis.getcheckindata.maxUsers) out.push(...(await fetchPunches(env, ids.slice(i, i + wecomApis.getcheckindata.maxUsers), day, day)));
  }
  return out;
}

/** Stored callback → ledger changes, fetching from WeCom what the event only names. */
export async function resolveEvent(env: WecomEnv, event: InboxEvent): Promise<LedgerChangeInput[]> {
  const f = event.payload;
  switch (event.eventType) {
    case 'sys_approval_change':
      return approvalChange(env, f);
    case 'change_contact':
      return contactChange(env, f);
    case 'device_checkin_data_report':
    case 'checkin_data_report':
      return checkinChange(env, f);
    default:
      return [];
  }
}
