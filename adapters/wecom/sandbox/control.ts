import type { Router } from 'express';
import { createHash } from 'node:crypto';
import { pushCallbacks, type PushKind } from './push.js';
import type { WecomSandboxState } from './state.js';

const KINDS: readonly PushKind[] = ['approvals', 'checkins', 'contacts', 'all'];
const OAUTH_CODE_TTL_MS = 5 * 60_000;

function jsonBody(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'string' || raw.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Test-harness endpoints under /__sandbox (not part of WeCom). */
export function mountControl(router: Router, state: WecomSandboxState, opts: { callbackUrl?: string; pushRetryDelayMs?: number }): void {
  let codes = 0;
  router.get('/__sandbox/truth', (_req, res) => {
    res.json({
      from: state.company.from,
      to: state.company.to,
      counts: { users: state.company.employees.length, departments: state.company.departments.length, punches: state.punchCount, approvals: state.approvals.length },
      calls: state.calls,
      writes: state.writes,
      notes: 'getcheckindata also returns synthetic 未打卡 rows for missed checkpoints; they are not punches and not counted.',
    });
  });
  router.post('/__sandbox/expire-tokens', (_req, res) => {
    res.json({ expired: state.tokens.expireAll(state.now()) });
  });
  // checkin.md fixes `GET /__sandbox/oauth-code?userid=U`; POST with a JSON body works too.
  router.all('/__sandbox/oauth-code', (req, res) => {
    const userid = (req.query as Record<string, unknown>)['userid'] ?? jsonBody(req.body)['userid'];
    if (typeof userid !== 'string' || !state.employees.has(userid)) {
      res.status(400).json({ error: 'unknown userid' });
      return;
    }
    const code = createHash('sha256').update(`oauth:${state.company.seed}:${++codes}:${userid}`).digest('hex').slice(0, 32);
    state.oauthCodes.set(code, { userid, expiresAt: state.now() + OAUTH_CODE_TTL_MS });
    res.json({ code, expires_in: OAUTH_CODE_TTL_MS / 1000 });
  });
  router.post('/__sandbox/push', async (req, res) => {
    const kind = jsonBody(req.body)['kind'] ?? 'all';
    if (!opts.callbackUrl) {
      res.status(409).json({ error: 'no callbackUrl configured' });
      return;
    }
    if (typeof kind !== 'string' || !KINDS.includes(kind as PushKind)) {
      res.status(400).json({ error: `kind must be one of ${KINDS.join(', ')}` });
      return;
    }
    const result = await pushCallbacks(state, opts.callbackUrl, kind as PushKind, opts.pushRetryDelayMs === undefined ? {} : { retryDelayMs: opts.pushRetryDelayMs });
    res.json(result);
  });
}
