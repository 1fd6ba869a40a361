import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createHash } from 'node:crypto';
import { wecomApis, wecomMessageLimits as LIMITS } from '../descriptor.js';
import { type Json, wecomRoute, WecomError } from './http.js';
import type { WecomSandboxState } from './state.js';

/**
 * Application messages (DOC 90236) and temporary media (DOC 90253). Mounted on the app ahead of
 * the shared text body parser: an upload is binary multipart of up to 20 MB, which that parser
 * would decode as text and refuse as too large.
 *
 * Truth (`writes`): accepted calls per API, deliveries, suppressed deliveries (duplicate check,
 * 30 per member per minute) and the last few message bodies with the recipients and the text
 * replaced by counts and digests, so truth carries no personal data.
 */

const RECENT = 20;
const SIZE_LIMITS: Record<string, number> = { image: 10 * 1024 * 1024, voice: 2 * 1024 * 1024, video: 10 * 1024 * 1024, file: LIMITS.fileMaxBytes };
/** Multipart framing around the file; anything larger cannot be a valid upload. */
const RAW_LIMIT = LIMITS.fileMaxBytes + 1024 * 1024;

interface RecentMessage {
  at: number;
  msgtype: string;
  recipients: number;
  text?: { bytes: number; sha256: string };
  file?: { fileName: string; size: number; sha256: string };
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The counters live on the `writes` object that /__sandbox/truth already serialises. */
function messageWrites(state: WecomSandboxState) {
  return Object.assign(state.writes, { message_send: 0, media_upload: 0, messages_delivered: 0, messages_suppressed: 0, recent_messages: [] as RecentMessage[] });
}

/** Decodes the multipart body into a JSON description for the shared route wrapper (bytes → size and digest). */
const describeUpload: RequestHandler = (req, _res, next) => {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const contentType = req.get('content-type') ?? '';
  new Response(raw, { headers: { 'content-type': contentType } })
    .formData()
    .then(async (form) => {
      const media = form.get('media');
      if (!(media instanceof File)) return {};
      const bytes = new Uint8Array(await media.arrayBuffer());
      return { media: { filename: media.name, size: bytes.length, sha256: sha256(bytes) } };
    })
    // Not multipart at all: WeCom reports the media as empty (44001).
    .catch(() => ({}))
    .then((described: Json) => {
      req.body = JSON.stringify(described);
      next();
    }, next);
};

const tooLarge: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if ((err as { type?: unknown }).type !== 'entity.too.large') return next(err);
  res.status(200).json({ errcode: 45001, errmsg: 'media size out of limit' });
};

function agentOk(state: WecomSandboxState, v: unknown): boolean {
  return (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) && String(v) === state.creds.agentId;
}

export function mountMessages(app: Express, state: WecomSandboxState): void {
  const writes = messageWrites(state);
  const media = new Map<string, { type: string; fileName: string; size: number; sha256: string; expiresAt: number }>();
  const duplicates = new Map<string, number>();
  const perMinute = new Map<string, { minute: number; n: number }>();
  let uploads = 0;
  let msgs = 0;

  app.post(
    wecomApis.media_upload.path,
    express.raw({ type: () => true, limit: RAW_LIMIT }),
    describeUpload,
    wecomRoute(state, 'media_upload', ({ body, query, now }) => {
      const type = query['type'] ?? '';
      const max = SIZE_LIMITS[type];
      if (max === undefined) throw new WecomError(40005, 'invalid media type');
      const m = body['media'] as { filename: string; size: number; sha256: string } | undefined;
      if (m === undefined || m.size === 0) throw new WecomError(44001, 'empty media data');
      if (m.size < LIMITS.fileMinBytes) throw new WecomError(40006, 'invalid file size');
      if (m.size > max) throw new WecomError(45001, 'media size out of limit');
      const mediaId = `3${sha256(`${state.company.seed}:media:${++uploads}`).slice(0, 40)}`;
      media.set(mediaId, { type, fileName: m.filename, size: m.size, sha256: m.sha256, expiresAt: now + LIMITS.mediaTtlSeconds * 1000 });
      writes.media_upload++;
      return { type, media_id: mediaId, created_at: String(Math.floor(now / 1000)) };
    }),
    tooLarge,
  );

  app.post(
    wecomApis.message_send.path,
    express.text({ type: () => true, limit: '1mb' }),
    wecomRoute(state, 'message_send', ({ body, now }) => {
      if (!agentOk(state, body['agentid'])) throw new WecomError(40056, 'invalid agentid');
      const msgtype = body['msgtype'];
      let shown: Omit<RecentMessage, 'at' | 'recipients'>;
      if (msgtype === 'text') {
        const content = (body['text'] as Json | undefined)?.['content'];
        if (typeof content !== 'string' || content === '') throw new WecomError(44004, 'empty content');
        if (Buffer.byteLength(content) > LIMITS.textMaxBytes) throw new WecomError(45002, 'content size out of limit');
        shown = { msgtype, text: { bytes: Buffer.byteLength(content), sha256: sha256(content) } };
      } else if (msgtype === 'file') {
        const id = (body['file'] as Json | undefined)?.['media_id'];
        if (typeof id !== 'string' || id === '') throw new WecomError(41006, 'media_id missing');
        const m = media.get(id);
        if (m === undefined || m.expiresAt <= now) throw new WecomError(40007, 'invalid media_id');
        shown = { msgtype, file: { fileName: m.fileName, size: m.size, sha256: m.sha256 } };
      } else {
        throw new WecomError(40008, 'invalid message type');
      }
      const touser = typeof body['touser'] === 'string' ? body['touser'] : '';
      const ids = touser === '@all' ? [...state.employees.keys()] : touser.split('|').filter((u) => u !== '');
      if (ids.length > wecomApis.message_send.maxUsers) throw new WecomError(40032, 'invalid userid list size');
      const valid = ids.filter((u) => state.employees.has(u));
      const invalid = ids.filter((u) => !state.employees.has(u)).map((u) => u.toLowerCase());
      if (valid.length === 0) throw new WecomError(81013, 'user & party & tag all invalid');

      // Duplicate check: the same request JSON within the interval is accepted but not delivered again.
      let duplicate = false;
      if (body['enable_duplicate_check'] === 1) {
        const seconds = Math.min(Number(body['duplicate_check_interval'] ?? LIMITS.duplicateCheckDefaultSeconds) || LIMITS.duplicateCheckDefaultSeconds, LIMITS.duplicateCheckMaxSeconds);
        const key = sha256(JSON.stringify(body));
        duplicate = (duplicates.get(key) ?? 0) > now;
        if (!duplicate) duplicates.set(key, now + seconds * 1000);
      }
      const minute = Math.floor(now / 60_000);
      const delivered = duplicate
        ? []
        : valid.filter((u) => {
            const w = perMinute.get(u);
            const n = w !== undefined && w.minute === minute ? w.n + 1 : 1;
            perMinute.set(u, { minute, n });
            return n <= LIMITS.perUserPerMinute;
          });
      writes.message_send++;
      writes.messages_delivered += delivered.length;
      writes.messages_suppressed += valid.length - delivered.length;
      if (delivered.length > 0) {
        writes.recent_messages.push({ at: now, recipients: delivered.length, ...shown });
        if (writes.recent_messages.length > RECENT) writes.recent_messages.shift();
      }
      return { invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', unlicenseduser: '', msgid: `msg${state.company.seed}x${++msgs}` };
    }),
  );
}
