import type { Logger } from '../../../src/log.js';
import type { WecomClient } from '../client.js';

/** What every stream and event resolver of one tenant shares. */
export interface WecomEnv {
  client: WecomClient;
  tenantId: string;
  /** The tenant's IANA zone: WeCom's day-based fields are local midnights. */
  zone: string;
  logger: Logger;
}
