import type { Router } from 'express';
import { wecomApis } from '../descriptor.js';
import { wecomRoute, WecomError } from './http.js';
import type { WecomSandboxState } from './state.js';

/** gettoken (§2): 41004 missing secret, 40013 wrong corpid, 40001 wrong secret. */
export function mountAuth(router: Router, state: WecomSandboxState): void {
  router.all(
    wecomApis.gettoken.path,
    wecomRoute(
      state,
      'gettoken',
      ({ query, now }) => {
        const corpid = query['corpid'];
        const secret = query['corpsecret'];
        if (!corpid || corpid !== state.creds.corpId) throw new WecomError(40013, 'invalid corpid');
        if (!secret) throw new WecomError(41004, 'corpsecret missing');
        if (secret !== state.creds.secret) throw new WecomError(40001, 'invalid credential, access_token is invalid or not latest');
        const t = state.tokens.issue(now);
        return { access_token: t.token, expires_in: t.expiresIn };
      },
      { auth: false },
    ),
  );
}
