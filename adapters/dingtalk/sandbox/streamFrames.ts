/**
 * Stream frames as the gateway sends them (docs/dingtalk.md §10.1): envelope in `headers`,
 * business fields camelCase in `data`, which is a JSON **string**. The events are the very ones
 * `/__sandbox/push` sends over HTTP (same `eventId`), so a receiver can be checked for storing an
 * event once whichever way it came.
 */
import type { SandboxEvent } from './events.js';

export interface StreamFrame {
  specVersion: '1.0';
  type: 'SYSTEM' | 'EVENT' | 'CALLBACK';
  headers: Record<string, string>;
  data: string;
}

export interface FrameIds {
  appKey: string;
  connectionId: string;
  messageId: string;
  now: number;
}

/** The HTTP envelope fields move to headers; what remains is the event's `data`. */
export function eventFrame(e: SandboxEvent, ids: FrameIds & { corpId: string }): StreamFrame {
  const { EventType: _type, EventTime: _time, CorpId: _corp, eventId, ...fields } = e.payload;
  return {
    specVersion: '1.0',
    type: 'EVENT',
    headers: {
      appId: ids.appKey,
      connectionId: ids.connectionId,
      contentType: 'application/json',
      messageId: ids.messageId,
      time: String(ids.now),
      // The topic of EVENT frames is not documented; the SDKs route events without it.
      topic: e.tag,
      eventType: e.tag,
      eventId: typeof eventId === 'string' ? eventId : '',
      eventBornTime: String(e.time),
      eventCorpId: ids.corpId,
      eventUnifiedAppId: ids.appKey,
    },
    data: JSON.stringify(fields),
  };
}

export function systemFrame(topic: 'ping' | 'disconnect', data: Record<string, unknown>, ids: FrameIds): StreamFrame {
  return {
    specVersion: '1.0',
    type: 'SYSTEM',
    headers: { appId: ids.appKey, connectionId: ids.connectionId, contentType: 'application/json', messageId: ids.messageId, time: String(ids.now), topic },
    data: JSON.stringify(data),
  };
}

/** A client's reply (§10.1 step 4): `{code, headers: {messageId}, message, data}`; null when it is not one. */
export function parseReply(raw: string): { code: unknown; messageId: string; headers: Record<string, unknown>; data: string } | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const headers = r['headers'] !== null && typeof r['headers'] === 'object' ? (r['headers'] as Record<string, unknown>) : {};
  const messageId = headers['messageId'];
  if (typeof messageId !== 'string' || messageId === '') return null;
  return { code: r['code'], messageId, headers, data: typeof r['data'] === 'string' ? r['data'] : '' };
}

/** `{"status":"SUCCESS"|"LATER"}` inside an EVENT reply's data string; null otherwise. */
export function ackStatus(data: string): 'SUCCESS' | 'LATER' | null {
  try {
    const status = (JSON.parse(data) as { status?: unknown } | null)?.status;
    return status === 'SUCCESS' || status === 'LATER' ? status : null;
  } catch {
    return null;
  }
}
