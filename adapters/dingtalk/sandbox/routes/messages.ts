/**
 * Work notifications (`asyncsend_v2`), media upload and to-dos (`workrecord/add`, `update`). The
 * gate (token, QPS, quota, faults) runs first, as for every API in the descriptor.
 *
 * Truth (`writes`): `messageSend` holds one record per delivered notification (the count), the
 * last few with their body — recipients and text replaced by counts and digests, so truth holds
 * no personal data; `messageSuppressed` the accepted-but-not-delivered ones (same content to the
 * same user on one day, over 500 a user a day); `mediaUpload`, `workrecordAdd` (one per biz_id),
 * `workrecordUpdate`.
 */
import { createHash } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { dingtalkApis, dingtalkMessageLimits as LIMITS } from '../../descriptor.js';
import { bodyOf, optList, reqInt, reqString, type Body } from '../params.js';
import { ApiError, badParam, sendOapi } from '../respond.js';
import { recordWrite, type SandboxState } from '../state.js';

const RECENT = 20;
const MEDIA_TYPES = ['image', 'voice', 'video', 'file'];
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The sandbox app's AgentId (DingTalk shows it in the developer console); derived from the seed like the other credentials. */
export function sandboxAgentId(seed: number): string {
  return String(3_000_000_000 + (parseInt(sha256(`dingtalk-sandbox:${seed}:agent`).slice(0, 8), 16) % 1_000_000_000));
}

interface Store {
  media: Map<string, { fileName: string; size: number; sha256: string }>;
  /** `${userid}|${day}|${content digest}` already delivered. */
  delivered: Set<string>;
  perUserDay: Map<string, number>;
  /** record_id → owner and state; biz_id → record_id. */
  records: Map<string, { userid: string; done: boolean }>;
  byBizId: Map<string, string>;
  seq: number;
}

async function uploaded(req: Request): Promise<{ name: string; bytes: Uint8Array; type: unknown } | null> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  try {
    const form = await new Response(raw, { headers: { 'content-type': req.get('content-type') ?? '' } }).formData();
    const media = form.get('media');
    return media instanceof File ? { name: media.name, bytes: new Uint8Array(await media.arrayBuffer()), type: form.get('type') } : null;
  } catch {
    return null;
  }
}

/** `msg` arrives as an object (JSON body) or a JSON string (TOP SDK form parameters). */
function msgOf(b: Body): Body {
  const m = b['msg'];
  if (typeof m === 'string') {
    try {
      return bodyOf(JSON.parse(m));
    } catch {
      throw badParam('msg is not JSON');
    }
  }
  return bodyOf(m);
}

function formItems(b: Body): { title: string; content: string }[] {
  const raw = b['formItemList'];
  let v: unknown = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch {
      throw badParam('formItemList is not JSON');
    }
  }
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > dingtalkApis.workrecordAdd.limits.maxItems) throw badParam(`formItemList must be a list of at most ${dingtalkApis.workrecordAdd.limits.maxItems}`);
  return v.map((x) => ({ title: reqString(bodyOf(x), 'title'), content: String(bodyOf(x)['content'] ?? '') }));
}

/** Keeps bodies on the last RECENT records only; older ones keep their place (the count) and their type. */
function trimBodies(s: SandboxState, api: string): void {
  const list = s.writes[api] ?? [];
  const old = list[list.length - RECENT - 1];
  if (old) old.body = { msgtype: old.body['msgtype'] };
}

export function messageRoutes(s: SandboxState): Router {
  const r = Router();
  const st: Store = { media: new Map(), delivered: new Set(), perUserDay: new Map(), records: new Map(), byBizId: new Map(), seq: 0 };
  const agentId = sandboxAgentId(s.opts.seed);
  const isUser = (u: string): boolean => s.company.employees.some((e) => e.key === u);

  // Express 5 routes a rejected handler promise to the error handler.
  r.post(dingtalkApis.mediaUpload.path, express.raw({ type: () => true, limit: LIMITS.fileMaxBytes + 1024 * 1024 }), async (req, res) => {
    const file = await uploaded(req);
    // `type` in the documented query string, or as a form field (TOP SDKs).
    const q = req.query['type'] ?? file?.type;
    const type = typeof q === 'string' ? q : '';
    if (!MEDIA_TYPES.includes(type)) throw badParam('type must be image, voice, video or file');
    if (file === null || file.bytes.length === 0) throw badParam('media is required (multipart field "media")');
    if (file.bytes.length > LIMITS.fileMaxBytes) throw badParam(`media is larger than ${LIMITS.fileMaxBytes} bytes`);
    const mediaId = `@lA${sha256(`${s.opts.seed}:media:${++st.seq}`).slice(0, 30)}`;
    st.media.set(mediaId, { fileName: file.name, size: file.bytes.length, sha256: sha256(file.bytes) });
    recordWrite(s, 'mediaUpload', { type, file_name: file.name, size: file.bytes.length });
    sendOapi(req, res, { type, media_id: mediaId, created_at: s.clock.now() });
  });

  r.post(dingtalkApis.messageSend.path, (req, res) => {
    const b = bodyOf(req.body);
    if (String(reqInt(b, 'agent_id')) !== agentId) throw badParam('agent_id is not an app of this org');
    const msg = msgOf(b);
    let shown: Body;
    if (msg['msgtype'] === 'text') {
      const content = reqString(bodyOf(msg['text']), 'content');
      shown = { msgtype: 'text', text: { bytes: Buffer.byteLength(content), sha256: sha256(content) } };
    } else if (msg['msgtype'] === 'file') {
      const m = st.media.get(reqString(bodyOf(msg['file']), 'media_id'));
      if (!m) throw badParam('media_id is not an uploaded file');
      shown = { msgtype: 'file', file: m };
    } else {
      throw badParam('msgtype must be text or file (others are not simulated)');
    }
    const users = optList(b, 'userid_list') ?? [];
    if (users.length === 0 && optList(b, 'dept_id_list') === undefined && b['to_all_user'] !== true) throw badParam('userid_list, dept_id_list or to_all_user is required');
    if (users.length > dingtalkApis.messageSend.limits.maxUsers) throw badParam(`userid_list holds at most ${dingtalkApis.messageSend.limits.maxUsers} users`);
    // Asynchronous: unknown users do not fail the call (they show up only in the send result).
    const day = s.cal.dateOf(s.clock.now());
    const digest = sha256(JSON.stringify(msg));
    for (const u of users.filter(isUser)) {
      const key = `${u}|${day}|${digest}`;
      const n = st.perUserDay.get(`${u}|${day}`) ?? 0;
      const reason = st.delivered.has(key) ? 'same content today' : n >= LIMITS.perUserPerDay ? 'daily limit' : null;
      if (reason) {
        recordWrite(s, 'messageSuppressed', { msgtype: shown['msgtype'], reason });
        continue;
      }
      st.delivered.add(key);
      st.perUserDay.set(`${u}|${day}`, n + 1);
      recordWrite(s, 'messageSend', { agent_id: agentId, ...shown });
      trimBodies(s, 'messageSend');
    }
    sendOapi(req, res, { task_id: ++st.seq });
  });

  r.post(dingtalkApis.workrecordAdd.path, (req, res) => {
    const b = bodyOf(req.body);
    const userid = reqString(b, 'userid');
    if (!isUser(userid)) throw new ApiError(60121, 'invalidRequestParams');
    if (reqInt(b, 'create_time') <= 0) throw badParam('create_time must be a positive timestamp');
    reqString(b, 'title');
    reqString(b, 'url');
    const items = formItems(b);
    const bizId = typeof b['biz_id'] === 'string' && b['biz_id'] !== '' ? b['biz_id'] : undefined;
    // A repeated biz_id names the same to-do: the retry of an add creates nothing new.
    const known = bizId === undefined ? undefined : st.byBizId.get(bizId);
    const recordId = known ?? `record${sha256(`${s.opts.seed}:record:${++st.seq}`).slice(0, 24)}`;
    if (known === undefined) {
      st.records.set(recordId, { userid, done: false });
      if (bizId !== undefined) st.byBizId.set(bizId, recordId);
    }
    recordWrite(s, 'workrecordAdd', { record_id: recordId, ...(bizId ? { biz_id: bizId } : {}), form_items: items.length }, recordId);
    sendOapi(req, res, { record_id: recordId });
  });

  r.post(dingtalkApis.workrecordUpdate.path, (req, res) => {
    const b = bodyOf(req.body);
    const userid = reqString(b, 'userid');
    const given = reqString(b, 'record_id');
    const recordId = st.records.has(given) ? given : st.byBizId.get(given);
    const rec = recordId === undefined ? undefined : st.records.get(recordId);
    if (recordId === undefined || rec === undefined || rec.userid !== userid) throw badParam('record_id is not a to-do of this user');
    // Completing a done to-do again succeeds: retries must be safe.
    rec.done = true;
    recordWrite(s, 'workrecordUpdate', { record_id: recordId }, recordId);
    sendOapi(req, res, { result: true });
  });

  return r;
}
