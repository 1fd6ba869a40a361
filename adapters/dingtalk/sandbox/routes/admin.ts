/**
 * Sandbox controls (`/__sandbox/*`, not part of DingTalk) and the §8.4 failed-push list, which is
 * a vendor API. Truth reports what a complete pull must find, plus call and write accounting.
 */
import { Router } from 'express';
import { dingtalkApis } from '../../descriptor.js';
import { buildEvents, failedItem, type PushKind } from '../events.js';
import { bodyOf } from '../params.js';
import { deliver } from '../push.js';
import { sendOapi } from '../respond.js';
import type { SandboxState } from '../state.js';

const KINDS: readonly PushKind[] = ['approvals', 'checkins', 'contacts', 'check_url', 'all'];

export function truthOf(s: SandboxState): Record<string, unknown> {
  const c = s.company;
  return {
    from: c.from,
    to: c.to,
    counts: { users: c.employees.length, departments: c.departments.length, punches: c.punches.length, approvals: c.approvals.length },
    calls: { ...s.limits.calls },
    writes: s.writes,
    quota: { used: s.limits.quotaUsed, limit: s.limits.opts.monthlyQuota },
    processCodes: s.ids.processCodes,
    tokensIssued: s.tokens.issued,
    failedPushes: s.failedPushes.length,
  };
}

export function adminRoutes(s: SandboxState): Router {
  const r = Router();

  r.get('/__sandbox/truth', (_req, res) => {
    res.json(truthOf(s));
  });

  r.post('/__sandbox/expire-tokens', (_req, res) => {
    res.json({ expired: s.tokens.expireAll() });
  });

  // checkin.md fixes `GET /__sandbox/oauth-code?userid=U`; POST with a JSON body works too.
  r.all('/__sandbox/oauth-code', (req, res) => {
    const userid = (req.query as Record<string, unknown>)['userid'] ?? bodyOf(req.body)['userid'];
    if (typeof userid !== 'string' || !s.company.employees.some((e) => e.key === userid)) {
      res.status(404).json({ error: 'unknown userid' });
      return;
    }
    res.json({ code: s.tokens.issueAuthCode(userid) });
  });

  r.post('/__sandbox/push', async (req, res) => {
    const url = s.opts.callbackUrl;
    const kind = bodyOf(req.body)['kind'] ?? 'all';
    if (!url) {
      res.status(409).json({ error: 'the sandbox was started without a callback URL' });
      return;
    }
    if (!KINDS.includes(kind as PushKind)) {
      res.status(400).json({ error: `kind must be one of ${KINDS.join(', ')}` });
      return;
    }
    const events = buildEvents(s, kind as PushKind);
    const { delivered, failed } = await deliver(s, url, events);
    res.json({ events: events.length, delivered, failed });
  });

  // §8.4: each call returns up to 200 failed events and clears them.
  r.get(dingtalkApis.callbackFailedResult.path, (req, res) => {
    const items = s.failedPushes.splice(0, dingtalkApis.callbackFailedResult.limits.maxItems);
    sendOapi(req, res, { has_more: s.failedPushes.length > 0, failed_list: items.map((e) => failedItem(e, s.cred.corpId)) });
  });

  return r;
}
