/**
 * A Stream EVENT frame (docs/dingtalk.md §10.1, §8.5) as an inbox event. The envelope travels in
 * the frame headers and the business fields in `data` (a JSON string); the payload is rebuilt in
 * the HTTP push's flat shape (`EventType`, `EventTime`, `CorpId`, `eventId` + fields) so that the
 * resolver reads both alike, and the key comes from the same `eventKeyOf`, so an event delivered
 * over both channels is stored once.
 */
import { createHash } from 'node:crypto';
import type { DWClientDownStream } from 'dingtalk-stream';
import type { InboxEvent } from '../../../src/vendor/contract.js';
import { eventKeyOf } from '../map/event.js';

export function inboxEventOf(frame: Pick<DWClientDownStream, 'headers' | 'data'>): InboxEvent {
  const h = frame.headers;
  const eventType = h.eventType !== undefined && h.eventType !== '' ? h.eventType : 'unknown';
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(frame.data);
    fields = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...(parsed as Record<string, unknown>) } : { unparsedData: frame.data };
  } catch {
    // Kept rather than dropped: the inbox row shows a person what arrived.
    fields = { unparsedData: frame.data };
  }
  // Legacy `DataList` spelling, as the HTTP codec does (§8.5).
  if (fields['dataList'] === undefined && fields['DataList'] !== undefined) fields['dataList'] = fields['DataList'];
  const born = Number(h.eventBornTime);
  const payload: Record<string, unknown> = {
    EventType: eventType,
    ...(Number.isFinite(born) && born > 0 ? { EventTime: born } : {}),
    ...(h.eventCorpId !== undefined ? { CorpId: h.eventCorpId } : {}),
    ...(h.eventId !== undefined && h.eventId !== '' ? { eventId: h.eventId } : {}),
    ...fields,
  };
  const fallback = `${eventType}:${createHash('sha1').update(frame.data).digest('hex').slice(0, 24)}`;
  return { eventKey: eventKeyOf(eventType, payload, fallback), eventType, payload };
}
