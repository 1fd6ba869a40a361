/** DingTalk Stream mode (docs/dingtalk.md §10): the per-tenant client and the worker's receivers. */
export { DingtalkStreamClient, reconnectDelayMs, type StreamClientOptions } from './client.js';
export { GATEWAY_OPEN_PATH, TICKET_TTL_MS } from './protocol.js';
export { inboxEventOf } from './frame.js';
export { startStreamReceivers, type StreamReceiverDeps, type StreamReceivers } from './receivers.js';
