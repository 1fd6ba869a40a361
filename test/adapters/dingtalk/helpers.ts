/** Small client for the DingTalk sandbox tests (supertest against the running server). */
import request from 'supertest';
import type { DingtalkSandbox } from '../../../adapters/dingtalk/sandbox/index.js';

export async function v1Token(sb: DingtalkSandbox): Promise<string> {
  const res = await request(sb.url).post('/v1.0/oauth2/accessToken').send({ appKey: sb.env['DINGTALK_APP_KEY'], appSecret: sb.env['DINGTALK_APP_SECRET'] });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { accessToken: string }).accessToken;
}

/** POST an oapi call; returns the parsed body (errcode in it). On 90018 (QPS) waits for the next 1 s window, as the docs advise. */
export async function oapi(sb: DingtalkSandbox, token: string, path: string, body: unknown): Promise<Record<string, unknown> & { errcode: number }> {
  for (;;) {
    const res = await request(sb.url).post(path).query({ access_token: token }).send(body as object);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    const out = res.body as Record<string, unknown> & { errcode: number };
    if (out.errcode !== 90018) return out;
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
  }
}

export async function truth(sb: DingtalkSandbox): Promise<Record<string, unknown> & { counts: Record<string, number>; calls: Record<string, number> }> {
  return (await request(sb.url).get('/__sandbox/truth')).body as Record<string, unknown> & { counts: Record<string, number>; calls: Record<string, number> };
}

/** `yyyy-MM-dd HH:mm:ss` helpers for request bodies. */
export const at = (date: string, time = '00:00:00'): string => `${date} ${time}`;
