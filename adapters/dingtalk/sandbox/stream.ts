/**
 * Stream mode in the sandbox: the vendor's `POST /v1.0/gateway/connections/open` (§10.1 step 1)
 * and `/__sandbox/stream/*` controls — push the `/__sandbox/push` events as EVENT frames, ping,
 * announce a disconnect, read the gateway's truth.
 */
import type { Server } from 'node:http';
import { Router, type Request } from 'express';
import { GATEWAY_OPEN_PATH } from '../stream/protocol.js';
import { buildEvents, type PushKind } from './events.js';
import { bodyOf, optInt } from './params.js';
import { ApiError, badParam } from './respond.js';
import type { SandboxState } from './state.js';
import { DISCONNECT_CLOSE_MS, StreamGateway } from './streamGateway.js';

const KINDS: readonly PushKind[] = ['approvals', 'checkins', 'contacts', 'all'];

const gateways = new WeakMap<SandboxState, StreamGateway>();

/** The gateway of a sandbox (tests read its truth directly). */
export function streamGatewayOf(s: SandboxState): StreamGateway | undefined {
  return gateways.get(s);
}

function subscriptionsOf(raw: unknown): { type: string; topic: string }[] {
  if (!Array.isArray(raw) || raw.length === 0) throw badParam('subscriptions is required');
  return raw.map((x) => {
    const sub = bodyOf(x);
    if (typeof sub['type'] !== 'string' || typeof sub['topic'] !== 'string') throw badParam('subscriptions[] needs type and topic');
    // §10.1.5: EVENT subscriptions accept only the topic `*`.
    if (sub['type'] === 'EVENT' && sub['topic'] !== '*') throw badParam('EVENT subscriptions take topic "*"');
    return { type: sub['type'], topic: sub['topic'] };
  });
}

export function streamRoutes(s: SandboxState): Router {
  const gateway = new StreamGateway(s);
  gateways.set(s, gateway);
  const r = Router();

  r.post(GATEWAY_OPEN_PATH, (req: Request, res) => {
    const b = bodyOf(req.body);
    if (b['clientId'] !== s.cred.appKey || b['clientSecret'] !== s.cred.appSecret) throw new ApiError(40001, 'invalidClientIdOrSecret');
    subscriptionsOf(b['subscriptions']);
    // Every accepted socket knows the server that accepted it (net.Server sets `socket.server`).
    gateway.bind((req.socket as unknown as { server: Server }).server);
    const endpoint = `ws://${req.get('host') ?? '127.0.0.1'}/connect`;
    const ticket = gateway.issueTicket();
    // §10.1: without `Accept: application/json` the gateway may answer XML.
    if (!/json/i.test(req.get('accept') ?? '')) {
      res.type('application/xml').send(`<OpenConnectionResponse><endpoint>${endpoint}</endpoint><ticket>${ticket}</ticket></OpenConnectionResponse>`);
      return;
    }
    res.json({ endpoint, ticket });
  });

  r.post('/__sandbox/stream/push', async (req, res) => {
    const kind = bodyOf(req.body)['kind'] ?? 'all';
    if (!KINDS.includes(kind as PushKind)) {
      res.status(400).json({ error: `kind must be one of ${KINDS.join(', ')}` });
      return;
    }
    const events = buildEvents(s, kind as PushKind);
    const { delivered, failed } = await gateway.push(events);
    res.json({ events: events.length, delivered, failed });
  });

  r.post('/__sandbox/stream/ping', async (req, res) => {
    res.json(await gateway.ping(optInt(bodyOf(req.body), 'timeoutMs') ?? 5000));
  });

  r.post('/__sandbox/stream/disconnect', (req, res) => {
    res.json({ connections: gateway.disconnect(optInt(bodyOf(req.body), 'closeAfterMs') ?? DISCONNECT_CLOSE_MS) });
  });

  r.get('/__sandbox/stream/truth', (_req, res) => {
    res.json(gateway.truth);
  });

  return r;
}
