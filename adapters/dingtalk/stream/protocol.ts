/** Stream protocol constants shared by the client and the sandbox gateway (docs/dingtalk.md §10.1). */

/** §10.1 step 1, on the v1.0 host; anonymous (the body carries the app's credentials). */
export const GATEWAY_OPEN_PATH = '/v1.0/gateway/connections/open';

/** A connection ticket is valid this long and for one connection only. */
export const TICKET_TTL_MS = 90_000;
