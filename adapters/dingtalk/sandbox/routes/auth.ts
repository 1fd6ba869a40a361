/** §2 token endpoints (old gettoken, v1.0 accessToken) and free-login code exchange. */
import { Router } from 'express';
import { dingtalkApis } from '../../descriptor.js';
import { bodyOf, reqString } from '../params.js';
import { ApiError, sendOapi } from '../respond.js';
import type { SandboxState } from '../state.js';

export function authRoutes(state: SandboxState): Router {
  const r = Router();
  const { cred, tokens } = state;
  const employees = new Map(state.company.employees.map((e) => [e.key, e]));

  r.get(dingtalkApis.gettoken.path, (req, res) => {
    if (req.query['appkey'] !== cred.appKey || req.query['appsecret'] !== cred.appSecret) throw new ApiError(40001, 'invalidClientIdOrSecret');
    const { token, expiresIn } = tokens.issue();
    sendOapi(req, res, { access_token: token, expires_in: expiresIn });
  });

  r.post(dingtalkApis.accessToken.path, (req, res) => {
    const b = bodyOf(req.body);
    if (b['appKey'] !== cred.appKey || b['appSecret'] !== cred.appSecret) throw new ApiError(40001, 'invalidClientIdOrSecret');
    const { token, expiresIn } = tokens.issue();
    res.json({ accessToken: token, expireIn: expiresIn });
  });

  r.post(dingtalkApis.getUserInfoByCode.path, (req, res) => {
    const code = reqString(bodyOf(req.body), 'code');
    const userid = tokens.redeemAuthCode(code);
    const emp = userid === undefined ? undefined : employees.get(userid);
    if (!emp) throw new ApiError(40078, 'invalidRequestParams');
    sendOapi(req, res, {
      result: { userid: emp.key, unionid: state.ids.unionId(emp.key), name: emp.name, device_id: '', sys: false, sys_level: 0, associated_unionid: '' },
    });
  });

  return r;
}
