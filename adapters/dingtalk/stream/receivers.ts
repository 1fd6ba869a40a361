/**
 * Stream receivers for the worker role: one long connection per DingTalk tenant whose
 * `eventMode` is `stream`. Events land in the same inbox as HTTP pushes (same keys), so the
 * inbox drain applies them and a tenant may switch modes without losing or doubling events.
 */
import type { Clock } from '../../../src/clock.js';
import { storeThenAck } from '../../../src/callbacks/stream.js';
import type { Db } from '../../../src/ledger/db.js';
import type { Logger } from '../../../src/log.js';
import type { TenantConnector } from '../../../src/vendor/contract.js';
import { DingtalkStreamClient, type StreamClientOptions } from './client.js';

export interface StreamReceiverDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  connectors: readonly TenantConnector[];
}

export interface StreamReceivers {
  /** The running clients, one per stream-mode tenant. */
  readonly clients: readonly DingtalkStreamClient[];
  stop(): Promise<void>;
}

export function startStreamReceivers(deps: StreamReceiverDeps, tuning: Pick<StreamClientOptions, 'reconnect' | 'stopGraceMs'> = {}): StreamReceivers {
  const clients: DingtalkStreamClient[] = [];
  for (const connector of deps.connectors) {
    const tenant = connector.tenant;
    if (tenant.vendor !== 'dingtalk' || tenant.eventMode !== 'stream') continue;
    const client = new DingtalkStreamClient({
      ...tuning,
      tenant,
      logger: deps.logger,
      receive: (events, ack) => storeThenAck(deps, 'dingtalk', tenant.id, events, ack),
    });
    client.start();
    clients.push(client);
  }
  if (clients.length > 0) deps.logger.info({ tenants: clients.length }, 'dingtalk stream receivers started');
  return {
    clients,
    stop: async () => {
      await Promise.all(clients.map((c) => c.stop()));
    },
  };
}
